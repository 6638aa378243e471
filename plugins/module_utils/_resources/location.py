# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ITFlow locations (locations/*.php)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils._fields import Field
from ansible_collections.itflow.itflow.plugins.module_utils._resources._base import Resource

T = "text"
S200 = 200


class Location(Resource):
    explanations = {
        "update": "ITFlow 26.08 has no locations/update.php: locations can only be created and read through its API "
                  "(the 26.04 build can update them)",
        "delete": "ITFlow 26.08 has no locations/delete.php: locations can only be created and read through its API "
                  "(the 26.04 build can delete them)",
    }


LOCATION = Location(
    "location", "locations",
    # Phone and fax are not offered: no ITFlow version stores them through the API.
    fields=[
        Field("name", "location_name", T, max_len=S200),
        Field("description", "location_description", T),
        Field("country", "location_country", T, max_len=S200),
        Field("address", "location_address", T, max_len=S200),
        Field("city", "location_city", T, max_len=S200),
        Field("state_province", "location_state", T, max_len=S200),  # "state" is the task state
        Field("zip", "location_zip", T, max_len=S200),
        Field("hours", "location_hours", T, max_len=S200),
        Field("notes", "location_notes", T),
        Field("primary", "location_primary", "bool"),
    ])
