#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: itflow_ticket_reply
extends_documentation_fragment:
  - itflow.itflow.connection
  - itflow.itflow.attributes
short_description: Add a reply to an ITFlow ticket, once
version_added: 0.1.0
description:
  - Add a reply (an internal note or a public answer) to a ticket, unless the ticket already has a reply with the
    same text. Re-running the task adds nothing. A reply that is added is read back, to confirm ITFlow stored it.
  - ITFlow's API cannot change or delete replies, so the only state is V(present).
  - ITFlow 26.08 and later have the ticket replies API; earlier servers do not, and there the task fails naming the
    endpoint (check mode still reports the reply that would be added).
author:
  - itflow.itflow contributors (@itflow-ansible)
options:
  state:
    description: Only V(present).
    type: str
    choices: [present]
    default: present
  ticket:
    description:
      - The ticket, by id, or by subject together with O(client).
    type: raw
    required: true
  client:
    description: The ticket's client, by name or id; needed when O(ticket) is a subject.
    type: raw
  reply:
    description: The reply's text (HTML). It is the key; a reply with the same text on the ticket counts as present.
    type: str
    required: true
  type:
    description: V(Internal) (a note for technicians) or V(Public) (sent to the contact when ITFlow's mail is set up).
    type: str
    choices: [Internal, Public]
  time_worked:
    description: Time worked, written C(H:MM:SS). ITFlow silently stores anything else as zero, so it is checked first.
    type: str
'''

EXAMPLES = r'''
- name: Note what the playbook did on the ticket
  itflow.itflow.itflow_ticket_reply:
    client: Acme Corp
    ticket: "Backup failed on ACME-SRV01"
    reply: "<p>Re-ran the backup job from Ansible; it succeeded.</p>"
    type: Internal
    time_worked: "0:15:00"
'''

RETURN = r'''
ticket_reply:
  description: The reply as ITFlow holds it after the task (in check mode, as it would be).
  returned: success
  type: dict
  sample: {"id": 12, "reply": "<p>Re-ran the backup job from Ansible; it succeeded.</p>", "type": "Internal", "time_worked": 900}
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
    run_resource_module("ticket_reply")


if __name__ == "__main__":
    main()
