#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: itflow_network
extends_documentation_fragment:
  - itflow.itflow.connection
  - itflow.itflow.attributes
  - itflow.itflow.resource.record
  - itflow.itflow.resource
short_description: Manage ITFlow networks
version_added: 0.1.0
description:
  - Create, update or delete a network (a subnet or VLAN) of an ITFlow client, idempotently.
  - The network is found by O(client) and O(name) (compared without regard to case) or by O(id). ITFlow does not keep
    names unique; when several networks of the client share the name the module fails and lists their ids.
  - Addresses are checked before any request and compared in their canonical form.
  - No released ITFlow can create or change networks through its API (see the notes). The module still reports drift
    in check mode, and fails naming the endpoint and ITFlow's behaviour when asked to write.
author:
  - itflow.itflow contributors (@itflow-ansible)
options:
  vlan:
    description: VLAN number, V(1) to V(4094) (V(0) for none).
    type: int
  description:
    description: Description.
    type: str
  cidr:
    description:
      - The network in CIDR notation, such as C(10.0.10.0/24) (ITFlow's C(network) column). Host bits are cleared
        (C(10.0.10.5/24) means C(10.0.10.0/24)).
    type: str
  gateway:
    description: Gateway address (IPv4 or IPv6). An empty string clears it.
    type: str
  primary_dns:
    description: Primary DNS server address. An empty string clears it.
    type: str
  secondary_dns:
    description: Secondary DNS server address. An empty string clears it.
    type: str
  dhcp_range:
    description: DHCP range, free text (for example C(10.0.10.100-10.0.10.200)).
    type: str
  notes:
    description: Notes.
    type: str
  location:
    description: The client's location the network is at, by name or id. V(0) for none.
    type: raw
notes:
  - "ITFlow 26.08: networks are read-only in the API (no C(networks/create.php), C(update.php) or C(delete.php)); any
    change fails with that explanation."
  - "ITFlow 26.04 build: C(networks/create.php) and C(networks/update.php) exist but crash (HTTP 500) on every call,
    because they write columns its database does not have, so creating or changing a network fails; deleting works."
  - Against an ITFlow whose network endpoints work, every option is stored and verified.
'''

EXAMPLES = r'''
- name: Report drift of the office LAN (check mode works on every ITFlow)
  itflow.itflow.itflow_network:
    client: Acme Corp
    name: Office LAN
    cidr: 10.0.10.0/24
    vlan: 10
    gateway: 10.0.10.1
    primary_dns: 10.0.10.2
    secondary_dns: 1.1.1.1
    dhcp_range: 10.0.10.100-10.0.10.200
    location: Head office
  check_mode: true

- name: Remove an old network (needs a server with networks/delete.php)
  itflow.itflow.itflow_network:
    client: Acme Corp
    name: Guest WiFi 2019
    state: absent
'''

RETURN = r'''
network:
  description: The network as ITFlow holds it after the task (in check mode, as it would be). C(cidr) is ITFlow's
    C(network) column.
  returned: success
  type: dict
  sample: {"id": 4, "client_id": 1, "name": "Office LAN", "description": "", "vlan": 10, "cidr": "10.0.10.0/24",
           "gateway": "10.0.10.1", "primary_dns": "10.0.10.2", "secondary_dns": "1.1.1.1",
           "dhcp_range": "10.0.10.100-10.0.10.200", "notes": "", "location": 3, "archived": false}
operation:
  description: What the task did or, in check mode, would do. C(none) when ITFlow already matched, else each operation
    needed, named after its ITFlow endpoint (C(create), C(update), C(delete), and C(archive), C(unarchive) or
    C(resolve) where the module has that state) and joined with C(+), such as C(unarchive+update).
  returned: always
  type: str
  sample: create
drift:
  description: Each difference the task found between ITFlow and the declared state, as C(field), C(current) and
    C(desired), secrets masked. C(current) is null for a record to create; C(exists) is the field of one to delete.
  returned: always
  type: list
  elements: dict
  sample: [{"field": "<option>", "current": "<value in ITFlow>", "desired": "<declared value>"}]
'''

from ansible_collections.itflow.itflow.plugins.module_utils._module import run_resource_module


def main():
    run_resource_module("network")


if __name__ == "__main__":
    main()
