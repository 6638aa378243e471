# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ITFlow networks (networks/*.php)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils._fields import Field
from ansible_collections.itflow.itflow.plugins.module_utils._resources._base import CRASHES_2604, Resource, id_filter, name_filter

T = "text"
S200 = 200


class Network(Resource):
    explanations = {
        "create": "ITFlow 26.08 has no networks/create.php: networks are read-only in its API; " + CRASHES_2604 % ("networks", "create"),
        "update": "ITFlow 26.08 has no networks/update.php: networks are read-only in its API; " + CRASHES_2604 % ("networks", "update"),
        "delete": "ITFlow 26.08 has no networks/delete.php: networks are read-only in its API (the 26.04 build can delete them)",
    }


NETWORK = Network(
    "network", "networks", ref_columns=("network_name", "network"),
    reads=dict(filters=[id_filter("network_"), name_filter("network_", server=True)]),
    fields=[
        Field("name", "network_name", T, max_len=S200),
        Field("description", "network_description", T),
        Field("vlan", "network_vlan", "int", minimum=0, maximum=4094),  # 802.1Q ids; 0 for none
        Field("cidr", "network", "cidr"),
        Field("gateway", "network_gateway", "ip"),
        Field("primary_dns", "network_primary_dns", "ip"),
        Field("secondary_dns", "network_secondary_dns", "ip"),
        Field("dhcp_range", "network_dhcp_range", T, max_len=S200),
        Field("notes", "network_notes", T),
        Field("location", "network_location_id", "int", ref="location"),
    ])
