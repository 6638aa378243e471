# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Records of the clients and assets API modules."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils._fields import Field
from ansible_collections.itflow.itflow.plugins.module_utils._resource import Resource

T = "text"
# Column sizes (varchar(N)) from ITFlow's db.sql: MariaDB strict mode makes ITFlow crash (HTTP 500) on longer values.

CLIENT = Resource(
    "client", "clients", prefix="client_", client_scoped=False, client_required=False,
    ops=("create", "update", "archive", "unarchive", "delete"), carry=("is_lead",), list_for_one=True,
    # purge_archives: no ITFlow deletes a client through the API (26.08 has no clients/delete.php;
    # 26.04's never succeeds), so itflow_bulk's purge archives undeclared clients, in check mode too.
    quirks={"self_client_id": True, "name_filter": "client_name", "purge_archives": True},
    fields=[
        Field("name", "client_name", T, max_len=200),
        Field("type", "client_type", T, max_len=200),
        Field("website", "client_website", "website", max_len=200),
        Field("referral", "client_referral", T, max_len=200),
        Field("rate", "client_rate", "decimal"),
        Field("currency_code", "client_currency_code", T, max_len=3),
        Field("net_terms", "client_net_terms", "int", minimum=0),
        Field("tax_id_number", "client_tax_id_number", T, max_len=255),
        Field("abbreviation", "client_abbreviation", T, max_len=6),
        Field("is_lead", "client_lead", "bool", send="client_is_lead"),
        Field("notes", "client_notes", T),
    ])

ASSET = Resource(
    "asset", "assets", carry=("ip", "mac", "network"), list_for_one=True,
    quirks={"interface": True},
    fields=[
        Field("name", "asset_name", T, max_len=200),
        Field("type", "asset_type", T, max_len=200),
        Field("description", "asset_description", T, max_len=255),
        Field("make", "asset_make", T, max_len=200),
        Field("model", "asset_model", T, max_len=200),
        Field("serial", "asset_serial", T, max_len=200),
        Field("os", "asset_os", T, max_len=200),
        Field("ip", "interface_ip", "ip", send="asset_ip"),
        Field("mac", "interface_mac", "mac", send="asset_mac"),
        Field("network", "interface_network_id", "int", send="asset_network_id", ref="network"),
        Field("uri", "asset_uri", T, max_len=500),
        Field("uri_2", "asset_uri_2", T, max_len=500, on_create=False),
        Field("status", "asset_status", T, max_len=200),
        Field("purchase_date", "asset_purchase_date", "date"),
        Field("warranty_expire", "asset_warranty_expire", "date"),
        Field("install_date", "asset_install_date", "date"),
        Field("notes", "asset_notes", T),
        Field("vendor", "asset_vendor_id", "int", ref="vendor"),
        Field("location", "asset_location_id", "int", ref="location"),
        Field("contact", "asset_contact_id", "int", ref="contact"),
    ])
