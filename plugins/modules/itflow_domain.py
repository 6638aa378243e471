#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: itflow_domain
extends_documentation_fragment:
  - itflow.itflow.connection
  - itflow.itflow.attributes
  - itflow.itflow.resource.record
  - itflow.itflow.resource
short_description: Manage ITFlow domains
version_added: 0.1.0
description:
  - Create, update or delete a domain of an ITFlow client, idempotently.
  - The domain is found by O(client) and O(name) (compared without regard to case) or by O(id). When several domains
    of the client share the name the module fails and lists their ids.
  - No released ITFlow can create or change a domain through its API (see the notes). The module still reports drift
    in check mode, and fails naming the endpoint and ITFlow's behaviour when asked to write.
author:
  - itflow.itflow contributors (@itflow-ansible)
options:
  expire:
    description: Expiry date, C(YYYY-MM-DD).
    type: str
  description:
    description: Description.
    type: str
  registrar:
    description: Registrar, a vendor by name or id (the client's vendors and global vendors). V(0) for none.
    type: raw
  webhost:
    description: Web host, a vendor by name or id. V(0) for none.
    type: raw
  dnshost:
    description: DNS host, a vendor by name or id. V(0) for none.
    type: raw
  mailhost:
    description: Mail host, a vendor by name or id. V(0) for none.
    type: raw
  notes:
    description: Notes.
    type: str
notes:
  - "ITFlow 26.08: domains are read-only in the API (no C(domains/create.php), C(update.php) or C(delete.php)); any
    change fails with that explanation."
  - "ITFlow 26.04 build: C(domains/create.php) and C(domains/update.php) exist but crash (HTTP 500) on every call,
    because they write a column its database does not have, so creating or changing a domain fails; deleting works."
  - Against an ITFlow whose domain endpoints work, every option is stored and verified.
  - The WHOIS, name server, mail server and TXT columns are filled by ITFlow itself and are returned as they are.
'''

EXAMPLES = r'''
- name: Report drift of a domain (check mode works on every ITFlow)
  itflow.itflow.itflow_domain:
    client: Acme Corp
    name: acme.example
    expire: "2027-03-01"
    registrar: Gandi
    dnshost: Cloudflare
  check_mode: true

- name: Remove a lapsed domain (needs a server with domains/delete.php)
  itflow.itflow.itflow_domain:
    client: Acme Corp
    name: acme-old.example
    state: absent
'''

RETURN = r'''
domain:
  description: The domain as ITFlow holds it after the task (in check mode, as it would be). C(registrar), C(webhost),
    C(dnshost) and C(mailhost) are vendor ids, C(0) for none.
  returned: success
  type: dict
  sample: {"id": 2, "client_id": 1, "name": "acme.example", "description": "", "expire": "2027-03-01",
           "registrar": 5, "webhost": 0, "dnshost": 6, "mailhost": 0, "notes": "", "archived": false}
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
    run_resource_module("domain")


if __name__ == "__main__":
    main()
