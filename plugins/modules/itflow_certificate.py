#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: itflow_certificate
extends_documentation_fragment:
  - itflow.itflow.connection
  - itflow.itflow.attributes
  - itflow.itflow.resource.record
  - itflow.itflow.resource
short_description: Manage ITFlow certificates
version_added: 0.1.0
description:
  - Create, update or delete a TLS certificate record of an ITFlow client, idempotently.
  - The certificate is found by O(client) and O(name) (compared without regard to case) or by O(id). ITFlow does not
    keep certificate names unique; when several certificates of the client share the name the module fails and lists
    their ids.
author:
  - itflow.itflow contributors (@itflow-ansible)
options:
  domain:
    description: The domain the certificate is for, such as C(www.acme.example). Required to create a certificate.
    type: str
  description:
    description: Description.
    type: str
  issued_by:
    description:
      - Issuer. When O(public_key) is given on create without O(issued_by) and O(expire), ITFlow fills both from the
        certificate.
    type: str
  notes:
    description: Notes.
    type: str
  expire:
    description:
      - Expiry date, C(YYYY-MM-DD). ITFlow cannot clear an expiry date once set.
    type: str
  public_key:
    description: The certificate in PEM form, stored exactly as given.
    type: str
notes:
  - HTML tags are removed and whitespace trimmed by ITFlow on text fields; values are compared the same way.
  - "ITFlow 26.08: certificates can be created and read; C(certificates/update.php) and C(certificates/delete.php) do
    not exist, so changing or deleting a certificate fails with that explanation."
  - "ITFlow 26.04 build: create, update and delete work, with two traps in its update. A stored value containing an
    apostrophe crashes it unless that value is sent again: the module re-sends such values unchanged, so the update
    succeeds without changing them. A certificate with no expiry date stored also crashes it, and no value can stand
    for none: set O(expire) in the same task to change such a certificate there."
'''

EXAMPLES = r'''
- name: Record a certificate
  itflow.itflow.itflow_certificate:
    client: Acme Corp
    name: www.acme.example 2026
    domain: www.acme.example
    issued_by: Let's Encrypt
    expire: "2026-09-30"

- name: Record one from its PEM (ITFlow fills issuer and expiry from it)
  itflow.itflow.itflow_certificate:
    client: Acme Corp
    name: mail.acme.example
    domain: mail.acme.example
    public_key: "{{ lookup('ansible.builtin.file', 'mail.acme.example.pem') }}"

- name: Remove an old certificate (needs a server with certificates/delete.php)
  itflow.itflow.itflow_certificate:
    client: Acme Corp
    name: www.acme.example 2024
    state: absent
'''

RETURN = r'''
certificate:
  description: The certificate as ITFlow holds it after the task (in check mode, as it would be). C(public_key) is the
    PEM text as stored.
  returned: success
  type: dict
  sample: {"id": 9, "client_id": 1, "name": "www.acme.example 2026", "domain": "www.acme.example",
           "description": "", "issued_by": "Let's Encrypt", "expire": "2026-09-30", "public_key": "", "notes": "",
           "archived": false}
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
    run_resource_module("certificate")


if __name__ == "__main__":
    main()
