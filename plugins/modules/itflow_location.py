#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: itflow_location
extends_documentation_fragment:
  - itflow.itflow.connection
  - itflow.itflow.attributes
  - itflow.itflow.resource.record
  - itflow.itflow.resource
short_description: Manage ITFlow locations
version_added: 0.1.0
description:
  - Create, update or delete a location (office, site) of an ITFlow client, idempotently.
  - The location is found by O(client) and O(name) (compared without regard to case) or by O(id). ITFlow does not keep
    location names unique; when several locations of the client share the name the module fails and lists their ids.
author:
  - itflow.itflow contributors (@itflow-ansible)
options:
  country:
    description: Country.
    type: str
  description:
    description: Description.
    type: str
  address:
    description: Street address.
    type: str
  city:
    description: City.
    type: str
  state_province:
    description:
      - State or province (ITFlow's C(location_state)). Named so to keep it apart from O(state).
    type: str
  zip:
    description: Postal code.
    type: str
  notes:
    description: Notes.
    type: str
  hours:
    description: Opening hours, free text.
    type: str
  primary:
    description:
      - Whether this is the client's primary location. On create ITFlow clears the flag on the client's other
        locations; the 26.04 build's update does not, so two locations can end up primary there.
    type: bool
notes:
  - HTML tags are removed and whitespace trimmed by ITFlow on text fields; values are compared the same way.
  - "ITFlow 26.08: locations can be created and read; C(locations/update.php) and C(locations/delete.php) do not exist,
    so changing or deleting a location fails with that explanation."
  - "ITFlow 26.04 build: create, update and delete all work."
  - Phone and fax numbers cannot be set through ITFlow's API (no version stores them), so they are not options.
'''

EXAMPLES = r'''
- name: Declare the head office
  itflow.itflow.itflow_location:
    client: Acme Corp
    name: Head office
    address: 1 Main Street
    city: Springfield
    state_province: IL
    zip: "62701"
    country: United States
    hours: Mon-Fri 8-18
    primary: true

- name: Remove a closed branch (needs a server with locations/delete.php)
  itflow.itflow.itflow_location:
    client: Acme Corp
    name: Branch 2
    state: absent
'''

RETURN = r'''
location:
  description: The location as ITFlow holds it after the task (in check mode, as it would be). C(state_province) is
    ITFlow's C(location_state).
  returned: success
  type: dict
  sample: {"id": 3, "client_id": 1, "name": "Head office", "description": "", "country": "United States",
           "address": "1 Main Street", "city": "Springfield", "state_province": "IL", "zip": "62701",
           "hours": "Mon-Fri 8-18", "notes": "", "primary": true, "archived": false}
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
    run_resource_module("location")


if __name__ == "__main__":
    main()
