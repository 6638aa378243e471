#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: itflow_info
short_description: Read ITFlow records of any kind
version_added: 0.1.0
description:
  - Read the records of one ITFlow resource (assets, clients, credentials, tickets, invoices, the technicians' time
    report, ...) as a list, optionally narrowed to one client and by filters.
  - ITFlow applies one filter per request and silently ignores the ones it does not know. This module accepts only the
    filters that make sense for the chosen O(resource) (any other is an error), sends ITFlow the one it really honours,
    and applies every filter and O(client) on the controller, so the result is exactly what was asked for.
  - Values are typed (ids and counts as integers, amounts as numbers, flags as booleans, dates as C(YYYY-MM-DD) text)
    instead of ITFlow's strings, and column names lose the resource's prefix (C(asset_name) becomes C(name)); columns
    without it, such as an asset's C(interface_ip), keep their name. O(raw=true) adds ITFlow's rows as they came.
  - Pages are fetched until the end; ITFlow has no total count.
  - Secrets (the passwords and OTP secrets of credentials and the license keys of software, as the resource modules
    treat them) are C(********) unless O(reveal_secrets=true).
author:
  - itflow.itflow contributors (@itflow-ansible)
extends_documentation_fragment:
  - itflow.itflow.connection
attributes:
  check_mode:
    description: Only reads, so it runs the same in check mode.
    support: full
  diff_mode:
    description: Changes nothing, so there is no diff.
    support: none
  action_group:
    description: Use C(group/itflow.itflow.itflow) in C(module_defaults) to set the connection options once.
    support: full
    membership:
      - itflow.itflow.itflow
options:
  resource:
    description:
      - What to read. The result is a list under this same name.
      - V(time) is ITFlow's C(technicians/time.php) report (time worked per ticket and technician); on ITFlow 26.08 the
        key's user needs write permission on the support module for it.
      - V(ticket_replies) exists only on ITFlow 26.08 and later; V(payments) only on the 26.04 build. A server without
        the endpoint gives an error naming it.
      - V(credentials) needs O(decrypt_password).
    type: str
    required: true
    choices: [assets, certificates, clients, contacts, credentials, documents, domains, networks, software, tickets,
              ticket_replies, locations, vendors, invoices, invoice_items, quotes, products, expenses, payments, time]
  client:
    description:
      - Only records of this client, by name or id. ITFlow 26.08 ignores a client filter on reads, so it is applied on
        the controller (global records, of client 0, are left out).
      - Not for V(invoice_items), V(products) and V(payments), which have no client of their own.
    type: raw
  id:
    description: Only the record with this ITFlow id. Not for V(time).
    type: int
  name:
    description:
      - Only records with this name (exact, without regard to case).
      - For assets, certificates, clients, contacts, credentials, documents, domains, networks, software, locations,
        vendors and products. ITFlow filters certificates, clients, domains and networks by name itself; the others are
        matched on the controller, because ITFlow ignores (or, for software, crashes on) their name filter.
    type: str
  type:
    description:
      - For V(assets), the asset type (for example C(Server)).
      - For V(ticket_replies), the reply type, V(Internal), V(Public) or V(Client).
    type: str
  serial:
    description: For V(assets), the serial number.
    type: str
  mac:
    description: For V(assets), the MAC address of the primary interface, compared without regard to case or separators.
    type: str
  uri:
    description: For V(assets), the URI.
    type: str
  uri_2:
    description: For V(assets), the second URI.
    type: str
  email:
    description: For V(contacts), the e-mail address (exact, without regard to case).
    type: str
  ticket_id:
    description: For V(ticket_replies), the ticket whose replies to read.
    type: int
  invoice_id:
    description:
      - For V(invoice_items), the invoice whose items to read. ITFlow refuses to list invoice items without it (or O(id)).
      - For V(payments), the invoice whose payments to read.
    type: int
  year:
    description: For V(time), the year of the report. ITFlow defaults to the current year.
    type: int
  month:
    description: For V(time), the month (1 to 12) of the report. Without it the report covers the whole year.
    type: int
  technician_id:
    description: For V(time), only this technician's (ITFlow user's) time.
    type: int
  raw:
    description:
      - Also return ITFlow's rows unchanged (all values strings, original column names) under RV(raw). Secrets stay
        masked there too unless O(reveal_secrets=true).
    type: bool
    default: false
  reveal_secrets:
    description:
      - Return secrets (the passwords and OTP secrets of credentials, the license keys of software) in clear text instead
        of C(********).
      - "Refused unless the task has C(no_log: true), so revealed secrets never reach the screen or a log. They are
        still available in the registered variable. To hand one password to a connection, the lookup
        P(itflow.itflow.itflow#lookup) with C(field=password) is usually simpler."
    type: bool
    default: false
notes:
  - Archived records are included (ITFlow returns them on every read); their C(archived_at) is set. ITFlow
    leaves archived ticket replies out.
  - "An asset's IP and MAC come from its primary interface: ITFlow returns them only in its unfiltered list, so assets
    are always read as the list and filtered on the controller."
  - A ticket read by O(id) carries its status record too (C(status_name), ...); the list has the status id only.
seealso:
  - plugin: itflow.itflow.itflow
    plugin_type: lookup
    description: The same reads in templates and variables.
'''

EXAMPLES = r'''
- name: Every asset of Acme
  itflow.itflow.itflow_info:
    resource: assets
    client: Acme Corp
  register: acme

- name: Servers without a warranty date
  ansible.builtin.debug:
    msg: "{{ acme.assets | selectattr('type', 'equalto', 'Server') | selectattr('warranty_expire', 'none') | map(attribute='name') }}"

- name: One asset by MAC address
  itflow.itflow.itflow_info:
    resource: assets
    mac: aa-bb-cc-dd-ee-01
  register: by_mac

- name: Contacts with this e-mail, in any client
  itflow.itflow.itflow_info:
    resource: contacts
    email: jane@acme.example

- name: Items of invoice 12
  itflow.itflow.itflow_info:
    resource: invoice_items
    invoice_id: 12

- name: Time worked in March 2026, in hours per client
  itflow.itflow.itflow_info:
    resource: time
    year: 2026
    month: 3
  register: report

- name: Credentials of Acme with their passwords (no_log is required to reveal them)
  itflow.itflow.itflow_info:
    resource: credentials
    client: Acme Corp
    decrypt_password: "{{ vault_itflow_decrypt_password }}"
    reveal_secrets: true
  no_log: true
  register: acme_credentials
'''

RETURN = r'''
assets:
  description: The assets. Rows of the list carry the primary interface (C(interface_ip), C(interface_mac), ...).
  returned: when O(resource=assets)
  type: list
  elements: dict
  sample: [{"id": 12, "client_id": 1, "name": "ACME-SRV01", "type": "Server", "serial": "7XK2L93", "interface_ip": "10.0.0.5",
            "interface_mac": "AA:BB:CC:DD:EE:01", "purchase_date": "2024-01-15", "favorite": false, "archived_at": null}]
certificates:
  description: The certificates.
  returned: when O(resource=certificates)
  type: list
  elements: dict
clients:
  description: The clients (C(id) is the client id; C(lead) is ITFlow's lead flag).
  returned: when O(resource=clients)
  type: list
  elements: dict
  sample: [{"id": 1, "name": "Acme Corp", "lead": false, "rate": 100.0, "net_terms": 30, "archived_at": null}]
contacts:
  description: The contacts.
  returned: when O(resource=contacts)
  type: list
  elements: dict
credentials:
  description: The credentials; C(password) and C(otp_secret) are C(********) (or null when unset) unless O(reveal_secrets=true).
  returned: when O(resource=credentials)
  type: list
  elements: dict
  sample: [{"id": 3, "client_id": 1, "name": "Domain admin", "username": "administrator", "password": "********", "otp_secret": null}]
documents:
  description: The documents.
  returned: when O(resource=documents)
  type: list
  elements: dict
domains:
  description: The domains (C(registrar), C(webhost), C(dnshost), C(mailhost) are vendor ids, 0 when unset).
  returned: when O(resource=domains)
  type: list
  elements: dict
networks:
  description: The networks; the CIDR is in the key C(network), as ITFlow names it.
  returned: when O(resource=networks)
  type: list
  elements: dict
software:
  description: The software licenses; C(key) is C(********) (or null when unset) unless O(reveal_secrets=true).
  returned: when O(resource=software)
  type: list
  elements: dict
tickets:
  description: The tickets.
  returned: when O(resource=tickets)
  type: list
  elements: dict
ticket_replies:
  description:
    - The ticket replies. The reply text is in C(ticket_reply); C(time_worked) is C(H:MM:SS) and C(time_worked_seconds)
      the same in seconds. Rows also carry their ticket's C(ticket_prefix), C(ticket_number), C(ticket_subject) and
      C(ticket_client_id).
  returned: when O(resource=ticket_replies)
  type: list
  elements: dict
locations:
  description: The locations.
  returned: when O(resource=locations)
  type: list
  elements: dict
vendors:
  description: The vendors; global vendors have C(client_id) 0.
  returned: when O(resource=vendors)
  type: list
  elements: dict
invoices:
  description: The invoices; amounts are numbers.
  returned: when O(resource=invoices)
  type: list
  elements: dict
invoice_items:
  description: The invoice items (ITFlow's C(item_) prefix is stripped).
  returned: when O(resource=invoice_items)
  type: list
  elements: dict
quotes:
  description: The quotes.
  returned: when O(resource=quotes)
  type: list
  elements: dict
products:
  description: The products.
  returned: when O(resource=products)
  type: list
  elements: dict
expenses:
  description: The expenses.
  returned: when O(resource=expenses)
  type: list
  elements: dict
payments:
  description: The payments.
  returned: when O(resource=payments)
  type: list
  elements: dict
time:
  description: The time report, one row per ticket and technician, with C(time_worked) (C(H:MM:SS)) and C(time_worked_seconds).
  returned: when O(resource=time)
  type: list
  elements: dict
  sample: [{"ticket_id": 1, "ticket_number": "TCK-1", "ticket_subject": "Printer on fire", "client_id": 1, "company": "Acme Corp",
            "technician_id": 1, "technician": "Lab Admin", "time_worked": "01:45:00", "time_worked_seconds": 6300}]
raw:
  description: ITFlow's rows as it sent them (strings or null, original column names), in the same order.
  returned: when O(raw=true)
  type: list
  elements: dict
'''

from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowError
from ansible_collections.itflow.itflow.plugins.module_utils._info import FILTER_OPTIONS, READS, RESOURCE_NAMES, Reader, filter_spec, secret_names
from ansible_collections.itflow.itflow.plugins.module_utils._module import client_from_params, fail, new_module

ARGUMENT_SPEC = dict(
    resource=dict(type="str", required=True, choices=RESOURCE_NAMES),
    client=dict(type="raw"),
    raw=dict(type="bool", default=False),
    reveal_secrets=dict(type="bool", default=False),
    **filter_spec()
)


def main():
    module = new_module(ARGUMENT_SPEC)
    params = module.params
    res = READS[params["resource"]]
    if params["reveal_secrets"] and res.secrets and not module.no_log:
        module.fail_json(msg="reveal_secrets returns the %s of %s in clear text, so it needs no_log: true on the task (the "
                             "registered variable still holds them)." % (" and ".join(secret_names(res)), res.name))
    client = None
    reader = None
    rows = raw_rows = None
    try:
        client = client_from_params(params, log=module.debug)
        reader = Reader(client)
        filters = dict((name, params[name]) for name in FILTER_OPTIONS)
        rows, raw_rows = reader.read(res.name, filters, client=params["client"], reveal_secrets=params["reveal_secrets"],
                                     raw=params["raw"])
    except ITFlowError as exc:
        fail(module, exc)
    finally:
        if client is not None:
            client.close()
    for warning in reader.warnings:
        module.warn(warning)
    result = {"changed": False, res.name: rows}
    if params["raw"]:
        result["raw"] = raw_rows
    module.exit_json(**result)


if __name__ == "__main__":
    main()
