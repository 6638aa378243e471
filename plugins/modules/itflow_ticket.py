#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: itflow_ticket
extends_documentation_fragment:
  - itflow.itflow.connection
  - itflow.itflow.attributes
  - itflow.itflow.resource
short_description: Manage ITFlow tickets
version_added: 0.1.0
description:
  - Open, update, resolve or delete a ticket, idempotently.
  - The ticket is found by O(client) and O(subject) among the client's open tickets (not resolved or closed), or by
    O(id). A subject that matches only resolved tickets opens a new one with O(state=present); with
    O(state=resolved) a resolved ticket with that subject counts as done.
  - ITFlow appends C(<br>) to the details it stores; the module compares without it.
author:
  - itflow.itflow contributors (@itflow-ansible)
options:
  state:
    description:
      - V(present) makes an open ticket exist with the given values.
      - V(resolved) makes it exist and be resolved (ITFlow's C(tickets/resolve.php)). ITFlow cannot reopen a ticket, so one
        found by O(id) that is resolved stays so with V(present).
      - V(absent) deletes it.
    type: str
    choices: [present, resolved, absent]
    default: present
  client:
    description: The client, by name or id. Omit for a ticket without a client.
    type: raw
  subject:
    description: Subject. Required unless O(id) is given.
    type: str
  details:
    description: Details (HTML).
    type: str
  priority:
    description: Priority, such as C(Low), C(Medium), C(High). ITFlow does not check it.
    type: str
  billable:
    description: Whether the ticket is billable.
    type: bool
  contact:
    description: Contact, by e-mail, name or id. Without it ITFlow uses the client's primary contact on create.
    type: raw
  asset:
    description: Asset, by name or id.
    type: raw
  vendor:
    description: Vendor, by name or id.
    type: raw
  vendor_ticket_id:
    description: The vendor's ticket number. ITFlow stores it as a whole number.
    type: int
  assigned_to:
    description: Id of the ITFlow user the ticket is assigned to.
    type: int
notes:
  - ITFlow 26.08 can create and resolve tickets but has no C(tickets/update.php) or C(tickets/delete.php), so changing
    an existing ticket's fields or deleting it fails there with that explanation. The 26.04 build has both.
'''

EXAMPLES = r'''
- name: Open a ticket for a failed backup (once)
  itflow.itflow.itflow_ticket:
    client: Acme Corp
    subject: "Backup failed on ACME-SRV01"
    details: "<p>{{ backup_log | default('') }}</p>"
    priority: High
    asset: ACME-SRV01

- name: Resolve it when the backup is green again
  itflow.itflow.itflow_ticket:
    client: Acme Corp
    subject: "Backup failed on ACME-SRV01"
    state: resolved
'''

RETURN = r'''
ticket:
  description:
    - The ticket as ITFlow holds it after the task (in check mode, as it would be).
    - C(resolved) is true once ITFlow has resolved or closed it; ITFlow cannot reopen a ticket.
  returned: success
  type: dict
  sample: {"id": 31, "client_id": 1, "subject": "Backup failed on ACME-SRV01", "details": "<p>Job 7 failed.</p>",
           "priority": "High", "billable": false, "contact": 7, "asset": 12, "vendor": 0, "assigned_to": 2,
           "archived": false, "resolved": false}
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
    run_resource_module("ticket")


if __name__ == "__main__":
    main()
