#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: itflow_credential
extends_documentation_fragment:
  - itflow.itflow.connection
  - itflow.itflow.attributes
  - itflow.itflow.resource.global_record
  - itflow.itflow.resource
short_description: Manage ITFlow credentials (logins and passwords)
version_added: 0.1.0
description:
  - Create, update or delete a credential of an ITFlow client (or a global one), idempotently.
  - The credential is found by O(client) and O(name) or by O(id). Without O(client) it is a global credential
    (ITFlow's client 0).
  - ITFlow reads and writes credentials only with the API key's decrypt password (O(decrypt_password) or
    E(ITFLOW_DECRYPT_PASSWORD)); without it the module fails before any request, because ITFlow then answers as if
    no credential existed and password drift cannot be checked.
  - The stored password, username and OTP secret are compared decrypted, so an unchanged password is never re-sent
    (ITFlow re-encrypts and reports a change for every password it is sent).
  - Passwords and OTP secrets are masked in every diff, result and drift report.
author:
  - itflow.itflow contributors (@itflow-ansible)
options:
  description:
    description: Description, at most 350 characters.
    type: str
  uri:
    description: URI where the credential is used, at most 350 characters.
    type: str
  uri_2:
    description: A second URI, at most 350 characters.
    type: str
  username:
    description: User name, at most 350 bytes in UTF-8 (stored encrypted).
    type: str
  password:
    description:
      - The password, at most 350 bytes in UTF-8 (stored encrypted; masked in the result, diff and drift). Required to
        create a credential.
      - ITFlow 26.04 builds crash on passwords of 128 characters or more.
    type: str
  update_password:
    description:
      - V(always) updates the password when the stored one differs; V(on_create) sets it only when the credential is created.
    type: str
    choices: [always, on_create]
    default: always
  credential_index:
    description:
      - Whether to find a credential seen before through the local credential index and one read by id, instead of
        reading every credential of the client (ITFlow decrypts each credential a list returns, about 0.2 s each).
      - A hit is confirmed by its read by id (name and client must still match) before it is trusted; a miss or a
        mismatch reads the list. A duplicate name created outside Ansible is noticed on the next list read only.
      - The index holds the server URL, client ids, names and ids, never a secret. See C(docs/credentials.md).
      - When not set, the E(ITFLOW_CREDENTIAL_INDEX) environment variable decides (off with V(false)); else it is on.
    type: bool
  credential_index_path:
    description:
      - The index file. Default E(ITFLOW_CREDENTIAL_INDEX_PATH), else C(itflow.itflow/credential-index.json) in
        E(XDG_CACHE_HOME) (or C(~/.cache)).
    type: path
  otp_secret:
    description: TOTP secret, at most 200 characters (the size of ITFlow's column); masked in the result, diff and drift.
    type: str
  note:
    description: Notes.
    type: str
  favorite:
    description: Mark as a favourite.
    type: bool
  contact:
    description: Linked contact, by e-mail, name or id (in the credential's client). V(0) for none.
    type: raw
  asset:
    description: Linked asset, by name or id (in the credential's client); the inventory plugin uses this link. V(0) for none.
    type: raw
notes:
  - ITFlow 26.08 has no C(credentials/delete.php), so O(state=absent) fails there with that explanation; servers before
    26.08 built from 26.04 have it.
  - Against servers before ITFlow 26.08 the decrypt password travels in the query string of credential reads (the only
    place those servers read it), so it appears in the web server's access log. ITFlow 26.08 and later read it from the
    request body. See the collection's security documentation.
'''

EXAMPLES = r'''
- name: Declare the firewall admin login
  itflow.itflow.itflow_credential:
    client: Acme Corp
    name: FW01 admin
    uri: https://fw01.acme.example
    username: admin
    password: "{{ vault_fw01_password }}"
    asset: ACME-FW01
    decrypt_password: "{{ vault_itflow_decrypt_password }}"

- name: Keep the password someone rotated in ITFlow, set it only when creating
  itflow.itflow.itflow_credential:
    client: Acme Corp
    name: Wi-Fi guest
    password: "{{ initial_guest_password }}"
    update_password: on_create
'''

RETURN = r'''
credential:
  description: The credential as ITFlow holds it after the task (in check mode, as it would be), its password and OTP
    secret masked.
  returned: success
  type: dict
  sample: {"id": 7, "client_id": 1, "name": "FW01 admin", "username": "admin", "password": "********", "archived": false}
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
    run_resource_module("credential")


if __name__ == "__main__":
    main()
