# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: itflow
short_description: ITFlow assets as a dynamic inventory
version_added: 0.1.0
description:
  - Makes every ITFlow asset a host, with the asset's fields as typed host variables and groups by client, type,
    status, location, OS, make, model, vendor or network.
  - Reads each of assets, clients, locations, vendors, contacts and networks once (paged with O(page_size)) and joins
    them in memory; it never sends one request per host. Credentials are read only when O(credentials) is set.
  - The inventory file must end in C(itflow.yml) or C(itflow.yaml), for example C(prod.itflow.yml).
  - Any failure (a rejected key, an HTTP 5xx, a time-out, a bad option) fails this inventory source as a whole with
    a one-line message; it never returns part of the assets. Set C(ANSIBLE_INVENTORY_UNPARSED_FAILED=true) (AWX does)
    so that such a failure also stops C(ansible-playbook).
  - Run with C(-v) to see, per resource, how many rows and requests were needed and how long they took.
requirements:
  - requests (Python library, on the Ansible controller)
extends_documentation_fragment:
  - itflow.itflow.connection.plugins
  - constructed
  - inventory_cache
options:
  plugin:
    description: Marks the file as a source for this plugin.
    type: str
    required: true
    choices: [itflow.itflow.itflow]
  clients:
    description:
      - Only assets of these clients, each given by name (without regard to case) or id. Empty means every client the
        API key can see.
      - ITFlow client names are not unique; a name selects every client that has it.
    type: list
    elements: str
    default: []
  exclude_clients:
    description: Leave out the assets of these clients, by name or id.
    type: list
    elements: str
    default: []
  asset_types:
    description: Only assets of these types (C(asset_type), without regard to case, for example C(Server), C(Firewall)).
    type: list
    elements: str
    default: []
  statuses:
    description: Only assets with these statuses (C(asset_status), without regard to case, for example C(Deployed)).
    type: list
    elements: str
    default: []
  include_archived:
    description:
      - Also make hosts of archived assets and of the assets of archived clients. ITFlow's reads return archived
        records too; by default they are left out.
    type: bool
    default: false
  filter:
    description:
      - A Jinja2 conditional evaluated on each host's variables (the O(hostvars_prefix) fields, the joined names and
        C(ansible_host)); hosts for which it is false are left out, for example
        C(itflow_asset_os is not none and 'Windows' in itflow_asset_os). With O(use_extra_vars), extra vars are visible too.
      - It is evaluated before names are given, so left-out hosts take no part in the duplicates rule.
      - A host whose filter raises an error is left out with a warning, or fails the inventory with O(strict).
      - Costs about half a millisecond per host; prefer O(clients), O(asset_types) and O(statuses), which cost nothing.
    type: str
  hostnames:
    description:
      - Where the inventory name of a host comes from, in order of preference; the first that the asset has is used.
      - V(name) the asset name, V(uri) / V(uri_2) the host part of the asset's URI, V(ip) / V(nat_ip) / V(ipv6) /
        V(mac) of its primary interface, V(serial), V(id) (C(asset-<id>)).
      - An asset that has none of them is named C(asset-<id>).
      - "ITFlow names are not unique. Duplicates rule: among the selected assets, the one with the lowest asset id keeps
        the name; each other gets C(_<client abbreviation>) appended (see O(duplicate_suffix)), or C(_<asset id>) when its
        client has no abbreviation or that name is taken already. The result depends only on the data, not on the order
        of the answers."
    type: list
    elements: str
    choices: [name, uri, uri_2, ip, nat_ip, ipv6, mac, serial, id]
    default: [name]
  duplicate_suffix:
    description:
      - What tells duplicate names apart. V(client) appends the client's abbreviation (and falls back to the asset id);
        V(id) always appends the asset id.
    type: str
    choices: [client, id]
    default: client
  ansible_host_from:
    description:
      - Where C(ansible_host) comes from, in order of preference; the first that the asset has is used. The choices are
        those of O(hostnames) (V(uri) gives the URI's host part). With none found, or an empty list, C(ansible_host) is
        not set and Ansible connects to the inventory name.
    type: list
    elements: str
    choices: [ip, nat_ip, ipv6, uri, uri_2, name]
    default: [ip, uri, name]
  hostvars_prefix:
    description:
      - Prefix of the host variables that carry the asset's ITFlow columns, named as ITFlow names them
        (C(itflow_asset_name), C(itflow_asset_os), C(itflow_interface_ip), ...) with real types (integers, booleans,
        null, dates as C(YYYY-MM-DD) text), and of the joined names C(itflow_client_name), C(itflow_location_name),
        C(itflow_vendor_name), C(itflow_contact_name) and C(itflow_network_name).
      - May be empty.
    type: str
    default: itflow_
  group_by:
    description:
      - Native groups, made in Python (no templating, so free even on thousands of hosts). Each host joins the group
        C(<prefix><value>) for each key whose value it has, such as C(client_Acme_Corp) or C(type_Server).
      - Group names are made valid by replacing every character that is not a letter, digit or C(_) with C(_)
        (Ansible's own rule, always applied by this plugin, also to O(groups) and O(keyed_groups)).
    type: list
    elements: str
    choices: [client, type, status, location, os, make, model, vendor, network]
    default: []
  group_prefixes:
    description:
      - "Prefix per O(group_by) key, for example C({client: customer_, type: ''}). The default is the key and C(_)
        (C(client_), C(type_), ...)."
    type: dict
    default: {}
  credentials:
    description:
      - Set C(ansible_user) and C(ansible_password) from the ITFlow credential linked to each asset
        (C(credential_asset_id); with several, the lowest credential id; archived credentials only with
        O(include_archived)). Needs O(decrypt_password) and a key allowed to read credentials.
      - The values are marked unsafe (never templated) and are never logged. They are never written to the inventory
        cache either, so with the cache on they are still read from ITFlow on each run.
      - "Cost: ITFlow decrypts every credential it returns, about 0.2 s each on a real server. The plugin reads them all
        once per run, in pages of 25 read O(parallel_pages) at a time: about 0.2 s x credentials / parallel_pages
        (2,000 credentials: about 100 s with 4). A key whose user sees only the clients you manage reads fewer."
      - Fails when none of the linked credentials can be decrypted (a wrong O(decrypt_password)).
    type: bool
    default: false
notes:
  - The cache (O(cache)) holds ITFlow's raw answers, keyed by the server address and a hash of the API key, so that
    a change of selection, names or groups needs no new requests.
  - "Performance: 10,000 assets across 500 clients load about as fast as through a script inventory that prints the same
    JSON; see the collection's docs/inventory.md."
seealso:
  - name: The inventory plugin guide
    description: Selection, names, variables, groups, credentials, cache and performance.
    link: https://github.com/itflow-ansible/itflow.itflow/blob/main/docs/inventory.md
'''

EXAMPLES = r'''
# One inventory file per example: the first as it is written, the others commented out, so that EXAMPLES is one YAML
# document (ansible-test sanity of ansible-core 2.16 parses it as one).
# On a laptop: inventory/prod.itflow.yml, with the key in the environment
#   export ITFLOW_URL=https://itflow.example.com ITFLOW_API_KEY=...
#   ansible-inventory -i inventory/prod.itflow.yml --graph
plugin: itflow.itflow.itflow
group_by: [client, type, status]
asset_types: [Server, Firewall]
exclude_clients: [Internal Lab]

# Names from DNS where there is one; group per client with a custom prefix; cache for an hour
# plugin: itflow.itflow.itflow
# url: https://itflow.example.com
# api_key: !vault |
#   $ANSIBLE_VAULT;1.1;AES256
#   6231...   # ansible-vault encrypt_string; options are not templated, so use Vault or ITFLOW_API_KEY
# hostnames: [uri, name]
# ansible_host_from: [ip, uri]
# group_by: [client, location]
# group_prefixes:
#   client: customer_
# cache: true
# cache_plugin: ansible.builtin.jsonfile
# cache_connection: ~/.cache/itflow-inventory
# cache_timeout: 3600

# Jinja on top: a filter, a composed variable and keyed groups (each costs about 0.5 ms per host)
# plugin: itflow.itflow.itflow
# clients: [Acme Corp, 2]
# filter: itflow_asset_os is not none and 'Windows' in itflow_asset_os
# compose:
#   ansible_connection: "'winrm'"
# keyed_groups:
#   - key: itflow_asset_make | lower
#     prefix: make

# Log in with the credential linked to each asset in ITFlow
# plugin: itflow.itflow.itflow
# group_by: [client]
# credentials: true   # decrypt password from ITFLOW_DECRYPT_PASSWORD

# AWX / Ansible Automation Platform: an inventory source "Sourced from a Project".
# In the project repository, inventory/itflow.yml (the file name must end in itflow.yml), with no secret in it:
# plugin: itflow.itflow.itflow
# group_by: [client, type]
# ...and collections/requirements.yml lists itflow.itflow; the execution environment needs python requests.
# Give the source a credential of a custom credential type whose injector sets the environment:
#   env:
#     ITFLOW_URL: "{{ itflow_url }}"
#     ITFLOW_API_KEY: "{{ itflow_api_key }}"
#     ITFLOW_DECRYPT_PASSWORD: "{{ itflow_decrypt_password }}"
'''

import time

from ansible.errors import AnsibleError, AnsibleParserError
from ansible.inventory.group import to_safe_group_name
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.utils.vars import combine_vars

try:
    # ansible-core 2.19 and later treat every string that is not tagged trusted as data, never as a template.
    import ansible.module_utils.datatag  # noqa: F401 pylint: disable=unused-import
    _WRAP = None
except ImportError:  # ansible-core before 2.19: strings must be marked unsafe explicitly
    from ansible.utils.unsafe_proxy import wrap_var as _WRAP

from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowError
from ansible_collections.itflow.itflow.plugins.plugin_utils._common import ITFlowPluginError, client_from_options, plugin_error
from ansible_collections.itflow.itflow.plugins.plugin_utils._inventory import (
    RESOURCE_ORDER,
    OptionError,
    build_hosts,
    cache_key,
    credentials_by_asset,
    fetch_credentials,
    fetch_raw,
    id_var,
    settings_from_options,
)

WHAT = "itflow.itflow.itflow inventory"


def _valid_group_name(name):
    return to_safe_group_name(name, force=True, silent=True)


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    NAME = "itflow.itflow.itflow"
    # ITFlow values are free text ("Acme Corp", "In Repair"): always make valid group names.
    _sanitize_group_name = staticmethod(_valid_group_name)

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and str(path).endswith(("itflow.yml", "itflow.yaml"))

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        start = time.time()
        self._read_config_data(path)
        try:
            settings = settings_from_options(self.get_option)
        except OptionError as exc:
            raise AnsibleParserError("%s %s: %s" % (WHAT, path, exc))
        client = client_from_options(self.get_option, log=self.display.vvv)
        if settings["credentials"] and not client.has_decrypt_password:
            raise AnsibleParserError("%s %s: credentials: true needs the API key's decrypt password "
                                     "(decrypt_password or ITFLOW_DECRYPT_PASSWORD)." % (WHAT, path))
        try:
            raw = self._raw_data(client, cache)
            creds = self._credentials(client, settings) if settings["credentials"] else None
        except ITFlowError as exc:
            raise plugin_error(exc, WHAT)
        finally:
            client.close()
        hosts = build_hosts(raw, settings, self.display.warning, keep=self._filter(settings))
        del raw  # the rows are typed copies now; keep only one copy in memory (the cache may hold the raw one)
        count = len(hosts)
        groups = self._populate(hosts, settings, creds)
        self.display.v("itflow: %d hosts, %d group_by groups, %d requests, %.2f s in all"
                       % (count, groups, client.requests_made, time.time() - start))

    # ------------------------------------------------------------------ fetching
    def _report(self, resource, rows, requests_made, seconds):
        self.display.v("itflow: %s: %d rows in %d request%s, %.2f s" % (resource, rows, requests_made, "" if requests_made == 1 else "s", seconds))

    def _raw_data(self, client, cache):
        """Every resource's raw rows, from the cache when allowed and present, else from ITFlow."""
        use_cache = bool(self.get_option("cache"))
        key = cache_key(client.base_url, str(self.get_option("api_key")).strip()) if use_cache else None
        if use_cache and cache:
            try:
                raw = self._cache[key]
            except KeyError:
                raw = None
            if isinstance(raw, dict) and all(isinstance(raw.get(r), list) for r in RESOURCE_ORDER):
                self.display.v("itflow: %s from the inventory cache, 0 requests"
                               % ", ".join("%s: %d rows" % (r, len(raw[r])) for r in RESOURCE_ORDER))
                return raw
        raw = fetch_raw(client, self._report)
        if use_cache:
            self._cache[key] = raw
        return raw

    def _credentials(self, client, settings):
        creds, failed, linked = credentials_by_asset(fetch_credentials(client, self._report), settings["include_archived"])
        if linked and failed == linked:
            raise ITFlowPluginError("%s: none of the %d credentials linked to assets could be decrypted; the decrypt_password "
                                    "is wrong or belongs to another API key." % (WHAT, linked))
        if failed:
            self.display.warning("itflow inventory: %d of %d credentials linked to assets could not be decrypted and were skipped."
                                 % (failed, linked))
        return creds

    # ------------------------------------------------------------------ filter
    def _filter(self, settings):
        """The ``filter`` option as a function of a host's variables (None when not set)."""
        expression = settings["filter"]
        self._filter_errors = []
        if not expression:
            return None
        strict = self.get_option("strict")
        extra_vars = self._vars if self.get_option("use_extra_vars") else None
        errors = self._filter_errors

        def keep(hostvars):
            try:
                if hasattr(self.templar, "evaluate_conditional"):
                    self.templar.available_variables = combine_vars(hostvars, extra_vars) if extra_vars else hostvars
                    return bool(self.templar.evaluate_conditional(expression))
                return boolean(self._compose(expression, hostvars), strict=False)
            except Exception as exc:  # pylint: disable=broad-except
                if strict:
                    raise AnsibleParserError("%s: the filter failed on asset %s: %s"
                                             % (WHAT, hostvars.get(id_var(settings)), exc))
                errors.append(str(exc))
                return False

        return keep

    # ------------------------------------------------------------------ inventory
    def _populate(self, hosts, settings, creds):
        """Add hosts (emptying the list), variables and groups. On any error, remove what this run added, then re-raise."""
        errors = self._filter_errors
        if errors:
            self.display.warning("itflow inventory: the filter failed on %d hosts, which were left out (first error: %s)"
                                 % (len(errors), errors[0]))
        inv = self.inventory
        add_host = self._host_adder(settings, creds)
        group_of = {}
        added_hosts, groups_before = [], set(inv.groups)
        hosts.reverse()
        try:
            while hosts:
                # consumed as added, so that each host's variables are held once (by the inventory), not twice
                name, hostvars, pairs = hosts.pop()
                if name not in inv.hosts:
                    added_hosts.append(name)
                add_host(name, hostvars, pairs, group_of)
        except Exception as exc:
            self._rollback(added_hosts, [g for g in list(inv.groups) if g not in groups_before])
            if isinstance(exc, AnsibleError):
                raise
            raise AnsibleParserError("%s: %s" % (WHAT, exc))
        return len(set(group_of.values()))

    def _host_adder(self, settings, creds):
        """A function that adds one host with its variables, credentials and groups (``group_of`` caches the groups made)."""
        inv = self.inventory
        strict = self.get_option("strict")
        compose = self.get_option("compose") or {}
        composed_groups = self.get_option("groups") or {}
        keyed_groups = self.get_option("keyed_groups") or []
        constructed = bool(compose or composed_groups or keyed_groups)
        prefixes = settings["group_prefixes"]
        host_id = id_var(settings)
        wrap = _WRAP
        set_var = inv.set_variable

        def add_host(name, hostvars, pairs, group_of):
            inv.add_host(name)
            if wrap is None:
                for var, value in hostvars.items():
                    set_var(name, var, value)
            else:
                for var, value in hostvars.items():
                    set_var(name, var, wrap(value))
            if creds:
                cred = creds.get(str(hostvars.get(host_id)))
                if cred is not None:
                    if cred[0] is not None:
                        set_var(name, "ansible_user", cred[0] if wrap is None else wrap(cred[0]))
                    if cred[1] is not None:
                        set_var(name, "ansible_password", cred[1] if wrap is None else wrap(cred[1]))
            for pair in pairs:
                group = group_of.get(pair)
                if group is None:
                    group = group_of[pair] = inv.add_group(self._sanitize_group_name(prefixes[pair[0]] + pair[1]))
                inv.add_child(group, name)
            if constructed:
                self._set_composite_vars(compose, hostvars, name, strict=strict)
                self._add_host_to_composed_groups(composed_groups, hostvars, name, strict=strict)
                self._add_host_to_keyed_groups(keyed_groups, hostvars, name, strict=strict)

        return add_host

    def _rollback(self, hosts, groups):
        """Never leave a partial inventory behind: take out the groups and hosts this run added."""
        inv = self.inventory
        for name in groups:
            group = inv.groups.get(name)
            if group is not None:
                inv.remove_group(group)
        for name in hosts:
            host = inv.get_host(name)
            if host is not None:
                inv.remove_host(host)
