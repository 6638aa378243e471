#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: itflow_client
extends_documentation_fragment:
  - itflow.itflow.connection
  - itflow.itflow.attributes
  - itflow.itflow.resource.archivable
  - itflow.itflow.resource
short_description: Manage ITFlow clients
version_added: 0.1.0
description:
  - Create, update, archive, unarchive or delete a client in ITFlow, idempotently.
  - The client is found by O(name) (ITFlow compares names without regard to case) or by O(id). ITFlow does not keep
    client names unique; when several clients share the name the module fails and lists their ids.
  - Every update carries the client's current lead flag, because ITFlow's C(clients/update.php) crashes without it.
author:
  - itflow.itflow contributors (@itflow-ansible)
options:
  name:
    description: The client's name, at most 200 characters. Required unless O(id) is given.
    type: str
  type:
    description: Client type, free text (for example C(Company), C(Residential)).
    type: str
  website:
    description: Website. ITFlow removes a leading C(http://) or C(https://); both forms compare equal.
    type: str
  referral:
    description: How the client was referred.
    type: str
  rate:
    description: Hourly rate.
    type: float
  currency_code:
    description: Currency code such as C(USD). ITFlow's API stores an empty code when none is sent.
    type: str
  net_terms:
    description: Payment terms in days, V(0) or more.
    type: int
  tax_id_number:
    description: Tax id number.
    type: str
  abbreviation:
    description: Short name, at most 6 bytes of UTF-8 (6 ASCII letters; ITFlow cuts longer ones, which would never converge).
    type: str
  is_lead:
    description: Whether the client is a lead (ITFlow's C(client_lead)).
    type: bool
  notes:
    description: Notes.
    type: str
notes:
  - HTML tags are removed and whitespace trimmed by ITFlow on text fields; values are compared the same way.
  - ITFlow 26.08 has no client delete endpoint and the 26.04 build's C(clients/delete.php) never succeeds, so on real
    servers O(state=absent) fails with that explanation; use O(state=archived) instead.
'''

EXAMPLES = r'''
- name: Declare a client
  itflow.itflow.itflow_client:
    url: https://itflow.example.com
    api_key: "{{ vault_itflow_api_key }}"
    name: Acme Corp
    type: Company
    website: acme.example
    rate: 120
    net_terms: 30
    notes: Managed since 2021

- name: Archive a client that left
  itflow.itflow.itflow_client:
    name: Initech
    state: archived

- name: Set the connection once for many tasks
  module_defaults:
    group/itflow.itflow.itflow:
      url: "{{ itflow_url }}"
      api_key: "{{ itflow_api_key }}"
  block:
    - name: Declare clients
      itflow.itflow.itflow_client:
        name: "{{ item }}"
      loop: [Acme Corp, Globex Inc]
'''

RETURN = r'''
client:
  description: The client as ITFlow holds it after the task (in check mode, as it would be). C(is_lead) is ITFlow's
    C(client_lead).
  returned: success
  type: dict
  sample: {"id": 3, "name": "Acme Corp", "type": "Company", "website": "acme.example", "rate": 120.0,
           "currency_code": "USD", "net_terms": 30, "tax_id_number": "", "abbreviation": "ACME",
           "is_lead": false, "notes": "", "referral": "", "archived": false}
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
    run_resource_module("client")


if __name__ == "__main__":
    main()
