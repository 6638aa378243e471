#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: itflow_document
extends_documentation_fragment:
  - itflow.itflow.connection
  - itflow.itflow.attributes
  - itflow.itflow.resource.global_record
  - itflow.itflow.resource
short_description: Manage ITFlow documents
version_added: 0.1.0
description:
  - Create, update or delete a document (HTML content) of an ITFlow client, or a global one, idempotently.
  - The document is found by O(client) and O(name) or by O(id). Without O(client) it is a global document.
  - ITFlow adds a level of backslash escaping to a document's content on create and on every update, and to its name
    and description on every update. The module compares through those levels, so a document that is as declared is
    never updated (each ITFlow update also stores a new version); when it does update, it re-sends the name and
    description unescaped so they stop gaining backslashes.
author:
  - itflow.itflow contributors (@itflow-ansible)
options:
  description:
    description: Short description.
    type: str
  content:
    description: The document's HTML content. Required to create a document.
    type: str
  folder:
    description: Id of the document folder. V(0) for none.
    type: int
notes:
  - ITFlow 26.08 has no C(documents/delete.php), so O(state=absent) fails there with that explanation.
'''

EXAMPLES = r'''
- name: Keep the backup runbook in ITFlow
  itflow.itflow.itflow_document:
    client: Acme Corp
    name: Backup runbook
    description: What runs when, and how to restore
    content: "{{ lookup('ansible.builtin.template', 'runbook.html.j2') }}"
'''

RETURN = r'''
document:
  description: The document as ITFlow holds it after the task (in check mode, as it would be). C(folder) is the folder
    id, C(0) for none.
  returned: success
  type: dict
  sample: {"id": 4, "client_id": 1, "name": "Backup runbook", "content": "<p>Nightly at 01:00.</p>", "archived": false}
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
    run_resource_module("document")


if __name__ == "__main__":
    main()
