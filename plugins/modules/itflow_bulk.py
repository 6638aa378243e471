#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: itflow_bulk
short_description: Declare many ITFlow records of one resource in one task
version_added: 0.1.0
description:
  - Declares many records of one resource (assets, contacts, locations, ...) of one client in a single task. The
    records are read once (paged), compared in memory, and only the writes that are needed are sent. A re-run with no
    drift makes only the paged reads.
  - Each item takes the same options as the resource's own module (for example M(itflow.itflow.itflow_asset) for
    O(resource=asset)) and goes through the same engine, with the same check mode, diff, drift output and data-safety rules
    (an asset update carries its IP and MAC, documents are compared through ITFlow's added backslashes, and so on).
  - Before the first write, every item is checked against what ITFlow holds (unknown options, bad values, references
    that do not resolve, keys that match several records, ids that do not exist); one bad item fails the task, naming
    every bad item, and nothing is sent. In check mode each item is checked on its own, so the others still report
    their drift.
  - Every write is confirmed by one read-back at the end of the task.
  - If a write fails, the others still happen; the result lists what was done and what failed, and the task fails at
    the end with that list.
author:
  - itflow.itflow contributors (@itflow-ansible)
extends_documentation_fragment:
  - itflow.itflow.connection
  - itflow.itflow.attributes
options:
  resource:
    description: Which resource the items are.
    type: str
    required: true
    choices: [asset, certificate, client, contact, credential, document, domain, location, network, software, ticket, vendor]
  client:
    description:
      - The client the records belong to, by name or id. Required for resources that belong to a client; omitted for
        O(resource=client), and for global vendors, credentials and documents.
    type: raw
  items:
    description:
      - The records, each a dictionary of the options the resource's module takes (natural key or C(id), the fields,
        and optionally C(state)). Connection options are set on the task, not per item.
    type: list
    elements: dict
    required: true
  purge:
    description:
      - Remove records of this resource and client that are not among O(items); delete them, or archive them where
        that is what ITFlow offers (clients). Archived records are left alone.
      - Without it, undeclared records are only listed in RV(extra).
      - With an empty O(items) list the task fails rather than remove every record (an empty list is more often a
        variable that went missing than a wish to remove everything).
    type: bool
    default: false
'''

EXAMPLES = r'''
- name: Declare Acme's servers in one task
  itflow.itflow.itflow_bulk:
    resource: asset
    client: Acme Corp
    items:
      - {name: ACME-SRV01, type: Server, ip: 10.0.0.5, mac: "AA:BB:CC:DD:EE:01"}
      - {name: ACME-SRV02, type: Server, ip: 10.0.0.6, mac: "AA:BB:CC:DD:EE:02"}
      - {name: ACME-OLD, state: absent}

- name: Make Acme's locations exactly these (delete the others)
  itflow.itflow.itflow_bulk:
    resource: location
    client: Acme Corp
    purge: true
    items: "{{ acme_locations }}"
'''

RETURN = r'''
results:
  description:
    - One entry per item (and per purged record), in order, with the record as the single-record module returns it
      under the resource's name (C(asset), C(client)...), secrets masked.
    - In check mode an entry may also hold C(new_references) (records it names that an earlier task would create; see
      M(itflow.itflow.itflow_asset)) and C(unsupported) (operations this server has no endpoint for).
    - An entry whose write was sent but could not be confirmed (the server went away) has C(uncertain=true) and counts
      as changed, since it may have been applied; a re-run reconciles it.
  returned: always
  type: list
  elements: dict
  sample: [{"item": 1, "key": {"name": "ACME-SRV01"}, "id": 12, "changed": true, "operation": "update",
            "drift": [{"field": "ip", "current": "10.0.0.4", "desired": "10.0.0.5"}]}]
counts:
  description: How many records had each operation.
  returned: always
  type: dict
  sample: {"none": 180, "update": 15, "create": 5}
extra:
  description:
    - Records of this resource and client in ITFlow that no item declares (purged when O(purge=true)).
    - For clients, other clients are listed only with O(purge=true), since a declaration of some clients says nothing of
      the others.
  returned: always
  type: list
  elements: dict
  sample: [{"resource": "asset", "id": 40, "key": "ACME-TEMP"}]
failed_items:
  description: The entries of RV(results) that failed, with their error.
  returned: always
  type: list
  elements: dict
  sample: []
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.itflow.itflow.plugins.module_utils._bulk import run_bulk
from ansible_collections.itflow.itflow.plugins.module_utils._module import new_module, run_with_client
from ansible_collections.itflow.itflow.plugins.module_utils._registry import RESOURCES, bulk_names

ARGUMENT_SPEC = dict(
    resource=dict(type="str", required=True,
                  choices=bulk_names()),
    client=dict(type="raw"),
    items=dict(type="list", elements="dict", required=True),
    purge=dict(type="bool", default=False),
)


def mask_item_secrets(module):
    """Mask the items' secrets (passwords, OTP secrets, software's key) in every output, -vvvv included."""
    secrets = [f.option for f in RESOURCES[module.params["resource"]].fields if f.secret]
    for item in module.params["items"] or []:
        for secret in secrets:
            if isinstance(item, dict) and item.get(secret):
                module.no_log_values.add(str(item[secret]))


class BulkModule(AnsibleModule):
    """Knows the items' secrets before it logs its invocation to syslog or the journal ("Invoked with items=...")."""

    def _log_invocation(self):
        mask_item_secrets(self)
        super(BulkModule, self)._log_invocation()


def main():
    module = new_module(ARGUMENT_SPEC, module_class=BulkModule)
    mask_item_secrets(module)
    resource = RESOURCES[module.params["resource"]]
    result = run_with_client(module, lambda client: run_bulk(client, resource, module.params, module.check_mode))
    if result["failed_items"]:
        module.fail_json(msg="%d of %d records failed: %s" % (
            len(result["failed_items"]), len(result["results"]),
            "; ".join("%s: %s" % (e["key"], e["error"]) for e in result["failed_items"])), **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
