#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: itflow_vendor
extends_documentation_fragment:
  - itflow.itflow.connection
  - itflow.itflow.attributes
  - itflow.itflow.resource.global_record
  - itflow.itflow.resource
short_description: Manage ITFlow vendors
version_added: 0.1.0
description:
  - Create, update or delete a vendor in ITFlow, idempotently, either a client's vendor or a global one.
  - The vendor is found by O(client) and O(name) (compared without regard to case) or by O(id). Without O(client) the
    vendor is a global one (ITFlow's client 0) and only global vendors are matched. ITFlow does not keep vendor names
    unique; when several match the module fails and lists their ids.
author:
  - itflow.itflow contributors (@itflow-ansible)
options:
  website:
    description: Website. ITFlow removes a leading C(http://) or C(https://); both forms compare equal.
    type: str
  notes:
    description: Notes.
    type: str
  description:
    description: Description.
    type: str
  phone:
    description: Phone number, stored exactly as given (not reduced to digits).
    type: str
notes:
  - HTML tags are removed and whitespace trimmed by ITFlow on text fields; values are compared the same way.
  - "ITFlow 26.08: vendors are read-only in the API (no C(vendors/create.php), C(update.php) or C(delete.php)); any
    change fails with that explanation, so there only check mode and vendors that already match succeed."
  - "ITFlow 26.04 build: create, update and delete work. A key limited to one client cannot see or make global vendors:
    ITFlow puts what it creates in the key's client."
  - ITFlow's API stores only the name, description, website, phone and notes of a vendor; its other columns (e-mail,
    contact name, hours, SLA, account number) cannot be set through it, so they are not options.
'''

EXAMPLES = r'''
- name: A global vendor
  itflow.itflow.itflow_vendor:
    name: Dell
    website: https://www.dell.com
    phone: +1 800-624-9896

- name: A vendor of one client
  itflow.itflow.itflow_vendor:
    client: Acme Corp
    name: Acme's ISP
    description: Fibre uplink
    notes: Account 12345

- name: Remove a vendor
  itflow.itflow.itflow_vendor:
    client: Acme Corp
    name: Old copier lease
    state: absent
'''

RETURN = r'''
vendor:
  description: The vendor as ITFlow holds it after the task (in check mode, as it would be). C(client_id) is 0 for a
    global vendor.
  returned: success
  type: dict
  sample: {"id": 5, "client_id": 0, "name": "Dell", "description": "", "website": "www.dell.com",
           "phone": "+1 800-624-9896", "notes": "", "archived": false}
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
    run_resource_module("vendor")


if __name__ == "__main__":
    main()
