# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: itflow
short_description: Read ITFlow records, or one credential's password, in templates and variables
version_added: 0.1.0
description:
  - Each term names an ITFlow resource (C(assets), C(clients), C(credentials), ...; the same as the
    M(itflow.itflow.itflow_info) module's O(itflow.itflow.itflow_info#module:resource)) and gives that resource's
    records, typed and with the resource prefix stripped from column names, exactly as M(itflow.itflow.itflow_info)
    returns them.
  - Keyword terms narrow the records (O(client), O(id), O(name), ...). A filter that does not apply to the resource is
    an error, never silently ignored.
  - With O(field), the term gives that one field of the single matching record instead, for example a credential's
    C(password) for C(ansible_password). It fails when no record or several records match.
  - Everything returned is marked unsafe, so ITFlow's data is never templated.
author:
  - itflow.itflow contributors (@itflow-ansible)
extends_documentation_fragment:
  - itflow.itflow.connection.plugins
options:
  _terms:
    description: Resources to read, one result per term.
    required: true
    type: list
    elements: str
  client:
    description: Only records of this client, by name or id (applied on the controller; global records are left out).
    type: raw
  id:
    description: Only the record with this ITFlow id.
    type: int
  name:
    description: Only records with this name (exact, without regard to case). See M(itflow.itflow.itflow_info) for the resources it applies to.
    type: str
  type:
    description: Asset type (C(assets)), or reply type V(Internal), V(Public), V(Client) (C(ticket_replies)).
    type: str
  serial:
    description: Serial number (C(assets)).
    type: str
  mac:
    description: MAC address of the primary interface (C(assets)), compared without regard to case or separators.
    type: str
  uri:
    description: URI (C(assets)).
    type: str
  uri_2:
    description: Second URI (C(assets)).
    type: str
  email:
    description: E-mail address (C(contacts)).
    type: str
  ticket_id:
    description: The ticket whose replies to read (C(ticket_replies)).
    type: int
  invoice_id:
    description: The invoice whose items (C(invoice_items), required there) or payments (C(payments)) to read.
    type: int
  year:
    description: Year of the time report (C(time)).
    type: int
  month:
    description: Month, 1 to 12, of the time report (C(time)).
    type: int
  technician_id:
    description: Only this technician's time (C(time)).
    type: int
  field:
    description:
      - Return only this field of the one record that matches, instead of the list of records. Field names are those
        of the typed records (C(password), C(username), C(interface_ip), ...); ITFlow's own column names
        (C(credential_password)) are accepted too.
      - Secrets asked for by O(field) are returned in clear text.
    type: str
  reveal_secrets:
    description:
      - Return secrets (credentials' passwords and OTP secrets, software license keys) in clear text in the records,
        instead of C(********).
    type: bool
    default: false
notes:
  - "Each term gives one value: the list of records (or, with O(field), the one value). So C(lookup()) returns the list of
    records (or the value) itself, and C(query()) returns a list with one such list (or value) per term: loop over
    C(lookup('itflow.itflow.itflow', 'assets')) or over C(query('itflow.itflow.itflow', 'assets') | first)."
  - Lookups run on the controller, once per use (per host when used in host variables); for many hosts, read once with
    M(itflow.itflow.itflow_info) or in a play-level variable with C(set_fact).
  - Errors are one line, without a traceback and without any secret.
  - Credentials cost about 0.2 s each to read on a real server, because ITFlow decrypts every credential it returns.
    A lookup by O(id) reads one; any other lookup of credentials reads every credential the key can see, in parallel
    pages (0.2 s x credentials / O(parallel_pages)), once per lookup call. Look them up once into a variable.
seealso:
  - module: itflow.itflow.itflow_info
'''

EXAMPLES = r'''
- name: Acme's servers
  ansible.builtin.debug:
    msg: "{{ lookup('itflow.itflow.itflow', 'assets', client='Acme Corp', type='Server') | map(attribute='name') }}"

- name: One host's connection password straight from ITFlow
  vars:
    ansible_user: administrator
    ansible_password: "{{ lookup('itflow.itflow.itflow', 'credentials', client='Acme Corp', name='ACME-SRV01 admin', field='password') }}"
  ansible.builtin.ping:

- name: Loop over the networks of a client
  ansible.builtin.debug:
    msg: "{{ item.name }}: {{ item.network }}"
  loop: "{{ lookup('itflow.itflow.itflow', 'networks', client='Acme Corp') }}"

- name: Clients and vendors in one call (one list per term)
  ansible.builtin.set_fact:
    clients_and_vendors: "{{ query('itflow.itflow.itflow', 'clients', 'vendors') }}"
'''

RETURN = r'''
_raw:
  description:
    - One item per term. Without O(field), the list of typed records of that resource. With O(field), the value of that
      field of the single matching record.
  type: list
  elements: raw
'''

from ansible.plugins.lookup import LookupBase
from ansible.utils.display import Display
from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowAmbiguous, ITFlowError, ITFlowInputError, ITFlowNotFound
from ansible_collections.itflow.itflow.plugins.module_utils._info import FILTER_OPTIONS, RESOURCE_NAMES, Reader, readable, typed_view
from ansible_collections.itflow.itflow.plugins.plugin_utils._common import (
    CONNECTION_OPTIONS,
    ITFlowPluginError,
    client_from_options,
    plugin_error,
)

display = Display()

OWN_OPTIONS = ("client", "field", "reveal_secrets")
PLUGIN = "itflow.itflow.itflow lookup"


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        known = set(CONNECTION_OPTIONS) | set(FILTER_OPTIONS) | set(OWN_OPTIONS)
        unknown = sorted(k for k in kwargs if k not in known)
        if unknown:
            raise ITFlowPluginError("%s: unknown keyword %s; it takes %s." % (PLUGIN, ", ".join(unknown), ", ".join(sorted(known))))
        self.set_options(var_options=variables, direct=kwargs)
        if not terms:
            raise ITFlowPluginError("%s: name at least one resource to read, for example lookup('itflow.itflow.itflow', '%s')."
                                    % (PLUGIN, RESOURCE_NAMES[0]))
        field = self.get_option("field")
        filters = dict((name, self.get_option(name)) for name in FILTER_OPTIONS)
        try:
            resources = [readable(term) for term in terms]
        except ITFlowError as exc:
            raise plugin_error(exc, PLUGIN)
        client = client_from_options(self.get_option, log=display.vvvv)
        out = []
        try:
            reader = Reader(client)
            for res in resources:
                if field:
                    out.append(self._field(res, reader.rows(res.name, filters, client=self.get_option("client")), filters, field))
                else:
                    out.append(reader.read(res.name, filters, client=self.get_option("client"),
                                           reveal_secrets=self.get_option("reveal_secrets"))[0])
            for warning in reader.warnings:
                display.warning("%s: %s" % (PLUGIN, warning))
        except ITFlowError as exc:
            raise plugin_error(exc, PLUGIN)
        finally:
            client.close()
        return wrap_var(out)

    def _field(self, res, rows, filters, field):
        """The value of ``field`` in the one row that matched (ITFlow's raw rows in, a typed value out)."""
        given = ["%s=%r" % (k, v) for k, v in sorted(filters.items()) if v is not None]
        if self.get_option("client") is not None:
            given.insert(0, "client=%r" % (self.get_option("client"),))
        where = " and ".join(given) or "no filter"
        if not rows:
            raise ITFlowNotFound("No %s match %s (among those visible to this API key)." % (res.name, where))
        if len(rows) > 1:
            id_column = res.by_option["id"].column if "id" in res.by_option else None
            ids = " (ids %s)" % ", ".join(str(r.get(id_column)) for r in rows) if id_column else ""
            raise ITFlowAmbiguous("%d %s match %s%s; a field can be read from one only." % (len(rows), res.name, where, ids),
                                  hint="Narrow the lookup, for example with id=.")
        raw_row = rows[0]
        row = typed_view(res, raw_row, reveal_secrets=True)
        key = field[len(res.prefix):] if res.prefix and field.startswith(res.prefix) and field not in row else field
        if key not in row:
            raise ITFlowInputError("%s have no field %r; their fields are: %s." % (res.name, field, ", ".join(sorted(row))))
        column = res.prefix + key if res.prefix + key in raw_row else key
        if raw_row.get(column) is False:
            raise ITFlowInputError(
                "ITFlow cannot decrypt the %s of %s %s: it answers false for a secret it cannot decrypt, so the decrypt password "
                "is wrong or belongs to another API key." % (key, res.name, row.get("id")))
        return row[key]
