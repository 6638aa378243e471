#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: itflow_software
extends_documentation_fragment:
  - itflow.itflow.connection
  - itflow.itflow.attributes
  - itflow.itflow.resource.record
  - itflow.itflow.resource
short_description: Manage ITFlow software and licenses
version_added: 0.1.0
description:
  - Create, update or delete a software (license) record of an ITFlow client, idempotently.
  - The record is found by O(client) and O(name) (compared without regard to case) or by O(id). When several records
    of the client share the name the module fails and lists their ids.
author:
  - itflow.itflow contributors (@itflow-ansible)
options:
  version:
    description: Version.
    type: str
  description:
    description: Description.
    type: str
  type:
    description:
      - Type, such as C(Operating System) or C(Application).
      - The 26.04 build stores the type as a number (any text becomes C(0)), so a text type fails verification there.
    type: str
  license_type:
    description:
      - License type, such as C(Per Seat).
      - The 26.04 build ignores it (on create and update), so setting it fails verification there.
    type: str
  notes:
    description: Notes.
    type: str
  key:
    description: License key. It is masked in the returned record and the diff.
    type: str
  seats:
    description: Number of seats, V(0) or more.
    type: int
  purchase_reference:
    description:
      - Purchase reference (order number).
      - The 26.04 build ignores it, like O(license_type).
    type: str
  purchase:
    description:
      - Purchase date, C(YYYY-MM-DD).
      - The 26.04 build ignores it, like O(license_type).
    type: str
  expire:
    description:
      - Expiry date, C(YYYY-MM-DD). ITFlow cannot clear an expiry date once set.
      - The 26.04 build crashes creating software without one, so set it there.
    type: str
  vendor:
    description: Vendor, by name or id (the client's vendors and global vendors). V(0) for none.
    type: raw
notes:
  - HTML tags are removed and whitespace trimmed by ITFlow on text fields; values are compared the same way.
  - "ITFlow 26.08: software is read-only in the API (no C(software/create.php), C(update.php) or C(delete.php)); any
    change fails with that explanation, so there only check mode and records that already match succeed."
  - "ITFlow 26.04 build: create, update and delete exist, with traps. Create crashes (HTTP 500) without O(expire).
    O(type) is stored as a number, and O(license_type), O(purchase) and O(purchase_reference) are not stored at all
    (create and update ignore them), so setting these fails verification there: the module reports it rather than
    claiming a change. Records that build made itself update normally. Its update crashes (HTTP 500) on a record with a
    text type (one made in the web interface) unless the type is sent, and would then store it as a number, and on a
    record without an expiry date unless O(expire) is set; the module does not send values that would change data, so
    it fails there with that explanation and the record is left as it was (set O(expire) for the second case)."
  - "With O(name), O(description), O(version), O(key), O(seats), O(expire), O(notes) and O(vendor) the module works on
    the 26.04 build; every option works on an ITFlow whose software endpoints store all columns."
'''

EXAMPLES = r'''
- name: Record a license
  itflow.itflow.itflow_software:
    client: Acme Corp
    name: Microsoft 365 Business Premium
    version: "2026"
    license_type: Per User
    seats: 25
    purchase: "2026-01-15"
    expire: "2027-01-14"
    vendor: Microsoft

- name: Report drift only (works on every ITFlow)
  itflow.itflow.itflow_software:
    client: Acme Corp
    name: Microsoft 365 Business Premium
    seats: 30
  check_mode: true
'''

RETURN = r'''
software:
  description: The record as ITFlow holds it after the task (in check mode, as it would be). The license key is
    masked.
  returned: success
  type: dict
  sample: {"id": 6, "client_id": 1, "name": "Microsoft 365 Business Premium", "description": "", "version": "2026",
           "type": "0", "license_type": "Per User", "key": "********", "seats": 25, "purchase_reference": "",
           "purchase": "2026-01-15", "expire": "2027-01-14", "notes": "", "vendor": 4, "archived": false}
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
    run_resource_module("software")


if __name__ == "__main__":
    main()
