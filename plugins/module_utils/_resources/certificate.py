# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ITFlow certificates (certificates/*.php)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils._fields import Field
from ansible_collections.itflow.itflow.plugins.module_utils._sanitise import MEDIUMTEXT_BYTES
from ansible_collections.itflow.itflow.plugins.module_utils._resources._base import Resource, id_filter, name_filter

T = "text"
S200 = 200
_TEXT_COLUMNS = ("certificate_name", "certificate_description", "certificate_domain", "certificate_issued_by",
                 "certificate_public_key", "certificate_notes")


class Certificate(Resource):
    create_requires = ("domain",)
    explanations = {
        "update": "ITFlow 26.08 has no certificates/update.php: certificates can only be created and read through its "
                  "API; the 26.04 build's update crashes (HTTP 500) when the certificate has no expiry date stored, "
                  "unless expire is set in the same task",
        "delete": "ITFlow 26.08 has no certificates/delete.php: certificates can only be created and read through its "
                  "API (the 26.04 build can delete them)",
    }

    def prepare_write(self, op, payload, current, values):
        # The 26.04 build's certificates/update.php puts each stored value it falls back on into
        # its SQL unescaped, so a stored value containing ' crashes the update (HTTP 500) unless
        # that field is sent. Re-sending the stored value unchanged avoids the crash without
        # changing any data (ITFlow stores text already stripped and trimmed, so it round-trips),
        # and is harmless on servers without the bug.
        # A stored NULL expiry crashes it too, but NULL cannot be re-sent (an empty expiry also
        # crashes): that case is left to fail, with the explanation above, unless expire is set.
        if op == "update" and current is not None:
            for column in _TEXT_COLUMNS:
                stored = current.get(column)
                if column not in payload and isinstance(stored, str) and "'" in stored:
                    payload[column] = stored
        return payload


CERTIFICATE = Certificate(
    "certificate", "certificates",
    reads=dict(filters=[id_filter("certificate_"), name_filter("certificate_", server=True)]),
    fields=[
        Field("name", "certificate_name", T, max_len=S200),
        Field("description", "certificate_description", T, column_bytes=MEDIUMTEXT_BYTES),
        Field("domain", "certificate_domain", T, max_len=S200),
        Field("issued_by", "certificate_issued_by", T, max_len=S200),
        Field("expire", "certificate_expire", "date"),
        Field("public_key", "certificate_public_key", T, column_bytes=MEDIUMTEXT_BYTES),
        Field("notes", "certificate_notes", T, column_bytes=MEDIUMTEXT_BYTES),
    ])
