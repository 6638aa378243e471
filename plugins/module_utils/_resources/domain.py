# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ITFlow domains (domains/*.php)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils._fields import Field
from ansible_collections.itflow.itflow.plugins.module_utils._resources._base import CRASHES_2604, Resource, id_filter, name_filter

T = "text"
S200 = 200


class Domain(Resource):
    explanations = {
        "create": "ITFlow 26.08 has no domains/create.php: domains are read-only in its API; " + CRASHES_2604 % ("domains", "create"),
        "update": "ITFlow 26.08 has no domains/update.php: domains are read-only in its API; " + CRASHES_2604 % ("domains", "update"),
        "delete": "ITFlow 26.08 has no domains/delete.php: domains are read-only in its API (the 26.04 build can delete them)",
    }


DOMAIN = Domain(
    "domain", "domains",
    reads=dict(filters=[id_filter("domain_"), name_filter("domain_", server=True)]),
    fields=[
        Field("name", "domain_name", T, max_len=S200),
        Field("description", "domain_description", T),
        Field("expire", "domain_expire", "date"),
        Field("registrar", "domain_registrar", "int", ref="vendor"),
        Field("webhost", "domain_webhost", "int", ref="vendor"),
        Field("dnshost", "domain_dnshost", "int", ref="vendor"),
        Field("mailhost", "domain_mailhost", "int", ref="vendor"),
        Field("notes", "domain_notes", T),
    ])
