# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ITFlow clients (clients/*.php)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils._fields import Field
from ansible_collections.itflow.itflow.plugins.module_utils._resources._base import Filter, Resource, name_filter

T = "text"


class Client(Resource):
    carry = ("is_lead",)  # clients/update.php crashes (HTTP 500) without client_is_lead
    # No ITFlow deletes a client through the API (26.08 has no clients/delete.php; 26.04's never
    # succeeds), so itflow_bulk's purge archives undeclared clients, in check mode too.
    purge_archives = True

    def write_client_id(self, row):
        # A client's writes carry its own id as client_id.
        return self.record_id(row)


CLIENT = Client(
    "client", "clients", prefix="client_", client_scoped=False, client_required=False,
    ops=("create", "update", "archive", "unarchive", "delete"), list_for_one=True, key_filter="client_name",
    # ITFlow 26.08 has no client read by id; a client's client_id is its own id.
    reads=dict(filters=[Filter("id", "client_id", kind="int"), name_filter("client_", server=True)], client_column="client_id"),
    fields=[
        Field("name", "client_name", T, max_len=200),
        Field("type", "client_type", T, max_len=200),
        Field("website", "client_website", "website", max_len=200),
        Field("referral", "client_referral", T, max_len=200),
        Field("rate", "client_rate", "decimal"),
        Field("currency_code", "client_currency_code", T, max_len=3),
        Field("net_terms", "client_net_terms", "int", minimum=0),
        Field("tax_id_number", "client_tax_id_number", T, max_len=255),
        Field("abbreviation", "client_abbreviation", T, max_bytes=6),  # ITFlow keeps the first 6 bytes
        Field("is_lead", "client_lead", "bool", send="client_is_lead"),
        Field("notes", "client_notes", T),
    ])
