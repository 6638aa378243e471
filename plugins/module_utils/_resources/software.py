# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ITFlow software and licenses (software/*.php)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils._fields import Field
from ansible_collections.itflow.itflow.plugins.module_utils._resources._base import Resource

T = "text"
S200 = 200

# No prepare_write for software (decided against re-sending stored values): the 26.04 build's
# software/update.php writes the stored type back unquoted and the stored expiry back as is.
# On records that build made itself (type "0", an expiry date) that works without re-sending
# anything. It crashes (HTTP 500) only on a text type ("Operating System", from the web
# interface) or a NULL expiry, and neither can be re-sent without changing data: that build
# converts a sent type to a number (the text would become 0), and an empty expiry crashes
# too. So such an update is tried, fails, and the message explains it (set expire for the
# second case); nothing is lost.


class Software(Resource):
    explanations = {
        "create": "ITFlow 26.08 has no software/create.php: software is read-only in its API; the 26.04 build's "
                  "create crashes (HTTP 500) unless expire is set",
        "verify": "the 26.04 build stores type as a number and ignores license_type, purchase and purchase_reference",
        "update": "ITFlow 26.08 has no software/update.php: software is read-only in its API; the 26.04 build's "
                  "update crashes (HTTP 500) when the record has no expiry date stored (set expire) or has a text "
                  "type such as one set in the web interface (that build can only store a number as type, so setting "
                  "type would lose it); that build also ignores license_type, purchase and purchase_reference",
        "delete": "ITFlow 26.08 has no software/delete.php: software is read-only in its API (the 26.04 build can "
                  "delete it)",
    }


SOFTWARE = Software(
    "software", "software", plural="software", prefix="software_", plural_label="software",
    fields=[
        Field("name", "software_name", T, max_len=S200),
        Field("description", "software_description", T),
        Field("version", "software_version", T, max_len=S200),
        Field("type", "software_type", T, max_len=S200),
        Field("license_type", "software_license_type", T, max_len=S200),
        Field("key", "software_key", T, max_len=S200, secret=True),
        Field("seats", "software_seats", "int", minimum=0),
        Field("purchase_reference", "software_purchase_reference", T, max_len=S200),
        Field("purchase", "software_purchase", "date"),
        Field("expire", "software_expire", "date"),
        Field("notes", "software_notes", T),
        Field("vendor", "software_vendor_id", "int", ref="vendor"),
    ])
