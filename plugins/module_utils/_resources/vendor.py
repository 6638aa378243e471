# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ITFlow vendors (vendors/*.php): a client's, or global ones (client 0)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils._fields import Field
from ansible_collections.itflow.itflow.plugins.module_utils._resources._base import Resource

T = "text"
S200 = 200


class Vendor(Resource):
    explanations = dict(
        (op, "ITFlow 26.08 has no vendors/%s.php: vendors are read-only in its API (the 26.04 build can create, update and "
             "delete them)" % op)
        for op in ("create", "update", "delete"))


VENDOR = Vendor(
    # client is optional: without it the vendor is a global one (ITFlow's client 0), which a
    # reference from a client's record may name too.
    "vendor", "vendors", client_required=False, global_refs=True,
    # Only these five are stored by the 26.04 vendors/create and update; every other vendor
    # column (e-mail, contact name, hours, SLA, account number...) is ignored by the API.
    fields=[
        Field("name", "vendor_name", T, max_len=S200),
        Field("description", "vendor_description", T, max_len=S200),
        Field("website", "vendor_website", "website", max_len=S200),
        Field("phone", "vendor_phone", T, max_len=S200),  # tags stripped and trimmed, not reduced to digits
        Field("notes", "vendor_notes", T),
    ])
