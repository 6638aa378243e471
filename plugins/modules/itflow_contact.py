#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: itflow_contact
extends_documentation_fragment:
  - itflow.itflow.connection
  - itflow.itflow.attributes
  - itflow.itflow.resource.archivable
  - itflow.itflow.resource.record
  - itflow.itflow.resource
short_description: Manage ITFlow contacts
version_added: 0.1.0
description:
  - Create, update, archive, unarchive or delete a contact of an ITFlow client, idempotently.
  - The contact is found by O(client) and O(email) (compared without regard to case) or by O(id). ITFlow keeps
    e-mails unique within a client only when creating; if several contacts of the client share the e-mail the module
    fails and lists their ids.
  - The primary flag is sent only when O(primary) is set, because ITFlow clears the primary flag of the client's other
    contacts whenever it is sent.
  - Every update, archive and delete carries the contact's own client id. On the ITFlow 26.04 build a
    C(contacts/update.php) call with another client id blanks the contact and moves it to that client; the module never
    sends one.
author:
  - itflow.itflow contributors (@itflow-ansible)
options:
  email:
    description:
      - E-mail address, which identifies the contact within its client. Required unless O(id) is given.
      - ITFlow does not check the format.
    type: str
  name:
    description: Full name. Required to create a contact.
    type: str
  title:
    description: Job title.
    type: str
  department:
    description: Department.
    type: str
  phone:
    description:
      - Phone number. ITFlow keeps only its digits (C(+1 (555) 123-4567) is stored as C(15551234567)); values are
        compared the same way. The country code cannot be set through ITFlow's API.
    type: str
  extension:
    description: Phone extension. ITFlow keeps only its digits, like O(phone).
    type: str
  mobile:
    description: Mobile number, stored as digits only like O(phone).
    type: str
  notes:
    description: Notes.
    type: str
  primary:
    description:
      - Whether this is the client's primary contact. Setting it to V(true) makes ITFlow clear the flag on the client's
        other contacts. Left out, the flag is never sent.
    type: bool
  important:
    description: Whether the contact is flagged important.
    type: bool
  billing:
    description: Whether the contact is a billing contact.
    type: bool
  technical:
    description: Whether the contact is a technical contact.
    type: bool
  location:
    description: The client's location the contact works at, by name or id. V(0) for none.
    type: raw
notes:
  - HTML tags are removed and whitespace trimmed by ITFlow on text fields; values are compared the same way.
  - Contacts can be created, updated, archived, unarchived and deleted on ITFlow 26.08 and on the 26.04 build alike.
  - ITFlow clears O(important), O(billing) and O(technical) when it archives a contact, and unarchiving does not restore
    them, so these cannot be V(true) together with O(state=archived).
  - O(state=absent) is a hard delete; tickets and assets that pointed to the contact keep the dangling id.
  - Deleting needs full (level 3) permission on the client module in ITFlow 26.08.
'''

EXAMPLES = r'''
- name: Declare a contact
  itflow.itflow.itflow_contact:
    client: Acme Corp
    email: jane.doe@acme.example
    name: Jane Doe
    title: IT Manager
    phone: +1 555 123 4567
    technical: true

- name: Make her the primary contact (the previous primary loses the flag)
  itflow.itflow.itflow_contact:
    client: Acme Corp
    email: jane.doe@acme.example
    primary: true

- name: Archive a contact who left
  itflow.itflow.itflow_contact:
    client: Acme Corp
    email: john.smith@acme.example
    state: archived

- name: Delete a contact by id
  itflow.itflow.itflow_contact:
    id: 42
    state: absent
'''

RETURN = r'''
contact:
  description: The contact as ITFlow holds it after the task (in check mode, as it would be). Phone numbers are digits
    only, as ITFlow stores them.
  returned: success
  type: dict
  sample: {"id": 7, "client_id": 1, "name": "Jane Doe", "email": "jane.doe@acme.example", "title": "IT Manager",
           "department": "", "phone": "15551234567", "extension": "", "mobile": "", "notes": "", "primary": false,
           "important": false, "billing": false, "technical": true, "location": 0, "archived": false}
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
    run_resource_module("contact")


if __name__ == "__main__":
    main()
