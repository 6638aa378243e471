#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: itflow_asset
extends_documentation_fragment:
  - itflow.itflow.connection
  - itflow.itflow.attributes
  - itflow.itflow.resource.record
  - itflow.itflow.resource
short_description: Manage ITFlow assets
version_added: 0.1.0
description:
  - Create, update or delete an asset (server, workstation, firewall, ...) of an ITFlow client, idempotently.
  - The asset is found by O(client) and O(name) (names are compared without regard to case and are not unique in
    ITFlow; when several assets of the client share the name the module fails and lists their ids) or by O(id).
  - Every update carries the asset's current IP, MAC and network, because ITFlow's C(assets/update.php) wipes the
    primary interface when they are omitted.
  - ITFlow answers failure to a successful delete and to an update that changes only the IP or MAC; the module reads
    the asset back and reports what really happened.
author:
  - itflow.itflow contributors (@itflow-ansible)
options:
  type:
    description: Asset type, stored as given (for example C(Server), C(Workstation), C(Laptop), C(Virtual Machine)).
    type: str
  description:
    description: Description.
    type: str
  make:
    description: Manufacturer.
    type: str
  model:
    description: Model.
    type: str
  serial:
    description: Serial number.
    type: str
  os:
    description: Operating system.
    type: str
  ip:
    description: IP address of the primary interface (IPv4 or IPv6). Use an empty string to clear it.
    type: str
  mac:
    description: MAC address of the primary interface, such as C(AA:BB:CC:DD:EE:FF). Compared without regard to case or separators.
    type: str
  network:
    description: Network of the primary interface, by name, CIDR or id (in the asset's client). V(0) for none.
    type: raw
  uri:
    description: URI, such as a management URL.
    type: str
  uri_2:
    description: Second URI. ITFlow ignores it on create, so the module sets it with a follow-up update.
    type: str
  status:
    description: Status (for example C(Deployed), C(In Repair), C(Retired)).
    type: str
  purchase_date:
    description: Purchase date, C(YYYY-MM-DD). ITFlow cannot clear a date once set.
    type: str
  warranty_expire:
    description: Warranty expiry date, C(YYYY-MM-DD).
    type: str
  install_date:
    description: Install date, C(YYYY-MM-DD).
    type: str
  notes:
    description: Notes.
    type: str
  vendor:
    description: Vendor, by name or id (the client's vendors and global vendors). V(0) for none.
    type: raw
  location:
    description: Location, by name or id (in the asset's client). V(0) for none.
    type: raw
  contact:
    description: Contact, by e-mail, name or id (in the asset's client). V(0) for none.
    type: raw
notes:
  - ITFlow has no asset archive endpoint, so there is no V(archived) state.
'''

EXAMPLES = r'''
- name: Declare a server
  itflow.itflow.itflow_asset:
    client: Acme Corp
    name: ACME-SRV01
    type: Server
    make: Dell
    model: PowerEdge R650
    serial: 7XK2L93
    os: Ubuntu 24.04
    ip: 10.0.0.5
    mac: AA:BB:CC:DD:EE:01
    status: Deployed
    purchase_date: "2024-01-15"

- name: Remove a decommissioned laptop
  itflow.itflow.itflow_asset:
    client: Acme Corp
    name: ACME-LT07
    state: absent
'''

RETURN = r'''
asset:
  description: The asset as ITFlow holds it after the task (in check mode, as it would be), with its primary
    interface's C(ip), C(mac) and C(network).
  returned: success
  type: dict
  sample: {"id": 12, "client_id": 1, "name": "ACME-SRV01", "type": "Server", "ip": "10.0.0.5",
           "mac": "AA:BB:CC:DD:EE:01", "status": "Deployed", "purchase_date": "2024-01-15", "archived": false}
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
    run_resource_module("asset")


if __name__ == "__main__":
    main()
