# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The logic of the itflow.itflow.itflow inventory plugin that needs no Ansible inventory object.

Option checks, the raw fetch, selection, typing, host names (with the duplicates rule),
addresses, native groups and the credentials join live here, so that they are tested
without Ansible and the plugin file is only glue. Nothing here talks HTTP except through
the shared client, and nothing here logs a value.

What it knows about ITFlow's resources comes from their definitions (module_utils/_resources):
the joined records are the asset's client and the records its reference fields point at, each
read from its definition's endpoint folder and matched on its id field; every column is a
field's column; the types are module_utils/_typing's.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import re
import time
from collections import namedtuple

try:
    from urllib.parse import urlsplit
except ImportError:  # pragma: no cover - Python 2 is not supported by this plugin
    urlsplit = None

from ansible_collections.itflow.itflow.plugins.module_utils._registry import RESOURCES
from ansible_collections.itflow.itflow.plugins.module_utils._typing import column_kind, converter

ASSET, CLIENT, CREDENTIAL = RESOURCES["asset"], RESOURCES["client"], RESOURCES["credential"]

# One record joined to each asset: its resource name (the group_by key and the <name>_name variable),
# endpoint folder, id column, name column, and the asset column that holds its id.
Join = namedtuple("Join", "key folder id_column name_column link_column")


def _joins():
    """The asset's client and the records its reference fields point at, in the registry's order."""
    links = dict((field.ref, field.column) for field in ASSET.fields if field.ref)
    links[CLIENT.name] = ASSET.client_column
    return tuple(Join(res.name, res.module, res.id_field, res.field("name").column, links[res.name])
                 for res in RESOURCES.values() if res.name in links)


JOINED = _joins()
# Read in this order, each once: the assets, then the joined resources.
RESOURCE_ORDER = (ASSET.module,) + tuple(join.folder for join in JOINED)

# The columns the selection, names and credentials go by, each from its resource's definition.
_ASSET_ID, _ASSET_CLIENT, _ASSET_ARCHIVED = ASSET.id_field, ASSET.client_column, ASSET.archived_column
_ASSET_TYPE, _ASSET_STATUS = ASSET.field("type").column, ASSET.field("status").column
_CLIENT_NAME, _CLIENT_ABBREVIATION = CLIENT.field("name").column, CLIENT.field("abbreviation").column
_CLIENT_ARCHIVED = CLIENT.archived_column
_CREDENTIAL_ID, _CREDENTIAL_ARCHIVED = CREDENTIAL.id_field, CREDENTIAL.archived_column
_CREDENTIAL_ASSET, _USERNAME, _PASSWORD = (CREDENTIAL.field(o).column for o in ("asset", "username", "password"))

# The plugin's option choices, as its DOCUMENTATION lists them (a unit test checks that they agree). A group_by
# key is a joined record's name (client, location...) or an asset field's value (type -> asset_type...).
GROUP_BY_KEYS = ("client", "type", "status", "location", "os", "make", "model", "vendor", "network")
HOSTNAME_SOURCES = ("name", "uri", "uri_2", "ip", "nat_ip", "ipv6", "mac", "serial", "id")
ADDRESS_SOURCES = ("ip", "nat_ip", "ipv6", "uri", "uri_2", "name")
DUPLICATE_SUFFIXES = ("client", "id")
# Bump when the cached structure changes, so an old cache is not misread.
CACHE_FORMAT = "itflow-inventory-raw-v1"

_PREFIX_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$|^$")
_SPACE_RE = re.compile(r"\s+")


class OptionError(ValueError):
    """An option value that cannot work; the message says which and why."""


def _str_list(value, option):
    if value is None:
        return []
    if isinstance(value, (str, int)):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise OptionError("%s must be a list, not %s." % (option, type(value).__name__))
    out = []
    for item in value:
        if item is None or isinstance(item, (dict, list)):
            raise OptionError("%s must be a list of names or ids; %r is neither." % (option, item))
        text = str(item).strip()
        if text:
            out.append(text)
    return out


def _choice_list(value, option, choices):
    items = _str_list(value, option)
    for item in items:
        if item not in choices:
            raise OptionError("%s: %r is not one of %s." % (option, item, ", ".join(choices)))
    if len(set(items)) != len(items):
        raise OptionError("%s lists an entry twice." % option)
    return items


def settings_from_options(get_option):
    """Check the plugin's own options and return them as one plain dict (raises OptionError)."""
    s = {
        "clients": _str_list(get_option("clients"), "clients"),
        "exclude_clients": _str_list(get_option("exclude_clients"), "exclude_clients"),
        "asset_types": [t.lower() for t in _str_list(get_option("asset_types"), "asset_types")],
        "statuses": [t.lower() for t in _str_list(get_option("statuses"), "statuses")],
        "include_archived": bool(get_option("include_archived")),
        "hostnames": _choice_list(get_option("hostnames"), "hostnames", HOSTNAME_SOURCES) or ["name"],
        "ansible_host_from": _choice_list(get_option("ansible_host_from"), "ansible_host_from", ADDRESS_SOURCES),
        "duplicate_suffix": get_option("duplicate_suffix") or "client",
        "group_by": _choice_list(get_option("group_by"), "group_by", GROUP_BY_KEYS),
        "credentials": bool(get_option("credentials")),
        "filter": get_option("filter") or None,
    }
    if s["duplicate_suffix"] not in DUPLICATE_SUFFIXES:
        raise OptionError("duplicate_suffix must be one of %s." % ", ".join(DUPLICATE_SUFFIXES))
    prefix = get_option("hostvars_prefix")
    prefix = "itflow_" if prefix is None else str(prefix)
    if not _PREFIX_RE.match(prefix):
        raise OptionError("hostvars_prefix %r would make invalid variable names: use letters, digits and _ (not first a digit)." % prefix)
    s["hostvars_prefix"] = prefix
    prefixes = get_option("group_prefixes") or {}
    if not isinstance(prefixes, dict):
        raise OptionError("group_prefixes must be a mapping of group_by key to prefix, such as {client: customer_}.")
    for key in prefixes:
        if key not in GROUP_BY_KEYS:
            raise OptionError("group_prefixes: %r is not a group_by key (%s)." % (key, ", ".join(GROUP_BY_KEYS)))
    s["group_prefixes"] = dict((key, "%s_" % key) for key in GROUP_BY_KEYS)
    s["group_prefixes"].update((k, "" if v is None else str(v)) for k, v in prefixes.items())
    overlap = set(s["clients"]) & set(s["exclude_clients"])
    if overlap:
        raise OptionError("clients and exclude_clients both name %s." % ", ".join(sorted(overlap)))
    return s


def id_var(settings):
    """The host variable that holds the asset's id (itflow_asset_id)."""
    return settings["hostvars_prefix"] + _ASSET_ID


def cache_key(base_url, api_key):
    """The cache entry of one server and key: the key is hashed, never stored or shown in clear."""
    key_hash = hashlib.sha256(("itflow-key\0%s" % api_key).encode("utf-8")).hexdigest()
    return "itflow_" + hashlib.sha256(("%s\0%s\0%s" % (CACHE_FORMAT, base_url, key_hash)).encode("utf-8")).hexdigest()[:32]


def _read(client, report, folder, decrypt=False):
    """One resource's rows (paged by the client); ``report(resource, rows, requests, seconds)`` is called after."""
    before, start = client.requests_made, time.time()
    rows = client.read(folder, decrypt=True) if decrypt else client.read(folder)
    report(folder, len(rows), client.requests_made - before, time.time() - start)
    return rows


def fetch_raw(client, report):
    """Read each resource once (paged by the client) and return {endpoint folder: rows}.

    ``report(resource, rows, requests, seconds)`` is called after each read. Any client
    error propagates: the caller fails the whole inventory, so it is never partial.
    """
    return dict((folder, _read(client, report, folder)) for folder in RESOURCE_ORDER)


def fetch_credentials(client, report):
    """The credentials' rows, decrypted (with the key's decrypt password), reported as ``fetch_raw``'s reads are."""
    return _read(client, report, CREDENTIAL.module, decrypt=CREDENTIAL.decrypt)


# ------------------------------------------------------------------------------ typing

class RowTyper(object):
    """``_typing.typed_row`` with the prefix applied, deciding each column's type once, not once per value.

    The types are _typing's (``column_kind`` and ``converter``); a unit test checks that the results are identical.
    """

    def __init__(self, prefix):
        self.prefix = prefix
        self._columns = {}

    def _column(self, column):
        info = (self.prefix + column, converter(column_kind(column)))
        self._columns[column] = info
        return info

    def __call__(self, row):
        out = {}
        columns = self._columns
        for column, value in row.items():
            name, conv = columns.get(column) or self._column(column)
            if value is None or value is False:
                out[name] = None
            elif conv is None:
                out[name] = value
            else:
                out[name] = conv(value)
        return out


# ------------------------------------------------------------------------------ selection

def _present(value):
    return value is not None and value is not False and str(value).strip() != ""


def _index(rows, id_column):
    return dict((str(row.get(id_column)), row) for row in rows)


def _match_clients(entries, clients, option, warn):
    """Client ids (as strings) named by ``entries`` (ids or names, names without regard to case)."""
    ids = set()
    for entry in entries:
        found = [cid for cid, row in clients.items() if cid == entry or str(row.get(_CLIENT_NAME) or "").lower() == entry.lower()]
        if not found:
            warn("itflow inventory: %s entry %r matches no client this API key can see." % (option, entry))
        ids.update(found)
    return ids


def select_assets(raw, settings, warn):
    """The asset rows the options select, in asset id order."""
    clients = _index(raw.get(CLIENT.module) or [], CLIENT.id_field)
    include = _match_clients(settings["clients"], clients, "clients", warn) if settings["clients"] else None
    exclude = _match_clients(settings["exclude_clients"], clients, "exclude_clients", warn)
    types, statuses = set(settings["asset_types"]), set(settings["statuses"])
    archived_ok = settings["include_archived"]
    out = []
    for row in raw.get(ASSET.module) or []:
        cid = str(row.get(_ASSET_CLIENT))
        if include is not None and cid not in include:
            continue
        if cid in exclude:
            continue
        if not archived_ok:
            if _present(row.get(_ASSET_ARCHIVED)):
                continue
            client = clients.get(cid)
            if client is not None and _present(client.get(_CLIENT_ARCHIVED)):
                continue
        if types and str(row.get(_ASSET_TYPE) or "").lower() not in types:
            continue
        if statuses and str(row.get(_ASSET_STATUS) or "").lower() not in statuses:
            continue
        out.append(row)
    out.sort(key=_asset_id)
    return out


def _asset_id(row):
    try:
        return int(row.get(_ASSET_ID))
    except (TypeError, ValueError):
        return 0


# ------------------------------------------------------------------------------ names and addresses

def uri_host(uri):
    """The host part of a URI such as https://srv01.example.com:8443/admin (None if there is none)."""
    if not _present(uri):
        return None
    text = str(uri).strip()
    try:
        host = urlsplit(text if "://" in text else "//" + text).hostname
    except ValueError:
        return None
    if not host or _SPACE_RE.search(host):
        return None
    return host


def _ip(value):
    if not _present(value):
        return None
    return str(value).strip().split("/", 1)[0] or None


def _text(value):
    return str(value).strip() if _present(value) else None


def _default_name(row):
    return "asset-%s" % row.get(_ASSET_ID)


# Columns of the asset's primary interface that ITFlow reads out but its API does not write (no field).
_READ_ONLY_COLUMNS = {"nat_ip": "interface_nat_ip", "ipv6": "interface_ipv6"}
# How a host name or address is taken from the column of each source (an asset field, or read-only).
_SOURCE_VALUE = {"name": _text, "uri": uri_host, "uri_2": uri_host, "ip": _ip, "nat_ip": _ip, "ipv6": _ip, "mac": _text,
                 "serial": _text}


def _source(source):
    column = ASSET.field(source).column if source in ASSET.by_option else _READ_ONLY_COLUMNS[source]
    value = _SOURCE_VALUE[source]
    return lambda row: value(row.get(column))


_SOURCES = dict((source, _source(source)) for source in _SOURCE_VALUE)
_SOURCES["id"] = _default_name


def first_of(row, sources):
    for source in sources:
        value = _SOURCES[source](row)
        if value:
            return value
    return None


def assign_names(rows, hostnames, duplicate_suffix, clients):
    """One unique inventory name per row (rows in asset id order), as a list parallel to ``rows``.

    The asset with the lowest id keeps the name its ``hostnames`` preference gives; each other
    asset with that name gets ``_<client abbreviation>`` appended (``duplicate_suffix: client``,
    when its client has one and that name is free), otherwise ``_<asset id>``.
    """
    base = [first_of(row, hostnames) or _default_name(row) for row in rows]
    names = [None] * len(rows)
    taken = set()
    for i, name in enumerate(base):
        if name not in taken:
            taken.add(name)
            names[i] = name
    for i, name in enumerate(base):
        if names[i] is not None:
            continue
        row = rows[i]
        candidates = []
        if duplicate_suffix == "client":
            client = clients.get(str(row.get(_ASSET_CLIENT))) or {}
            abbreviation = _text(client.get(_CLIENT_ABBREVIATION))
            if abbreviation:
                candidates.append("%s_%s" % (name, _SPACE_RE.sub("_", abbreviation)))
        candidates.append("%s_%s" % (name, row.get(_ASSET_ID)))
        chosen = next((c for c in candidates if c not in taken), None)
        n = 2
        while chosen is None:  # only if an asset is literally named like another's suffixed name
            candidate = "%s_%s_%d" % (name, row.get(_ASSET_ID), n)
            chosen = None if candidate in taken else candidate
            n += 1
        taken.add(chosen)
        names[i] = chosen
    return names


# ------------------------------------------------------------------------------ hosts

def _joined_name(index, key, id_value):
    if id_value is None:
        return None
    row = index.get(str(id_value))
    return None if row is None else row.get(key)


def _group_column(key):
    """The asset column a group_by key that is not a joined record's name groups by (type -> asset_type)."""
    return ASSET.field(key).column


def build_hosts(raw, settings, warn, keep=None):
    """Return [(name, vars, [(group_by key, value)...])] for the selected assets, in asset id order.

    ``keep(vars)`` (the ``filter`` option) decides whether a host stays; hosts it drops do not
    take part in the duplicates rule.
    """
    rows = select_assets(raw, settings, warn)
    prefix = settings["hostvars_prefix"]
    typer = RowTyper(prefix)
    indexes = dict((join.key, _index(raw.get(join.folder) or [], join.id_column)) for join in JOINED)
    joins = [(join.key, indexes[join.key], join.name_column, join.link_column, "%s%s_name" % (prefix, join.key)) for join in JOINED]
    address_from = settings["ansible_host_from"]
    group_by = [(key, None if key in indexes else _group_column(key)) for key in settings["group_by"]]
    kept_rows, kept = [], []
    for row in rows:
        hostvars = typer(row)
        joined = {}
        for key, index, name_column, link_column, var in joins:
            joined[key] = hostvars[var] = _joined_name(index, name_column, row.get(link_column))
        if address_from:
            address = first_of(row, address_from)
            if address:
                hostvars["ansible_host"] = address
        if keep is not None and not keep(hostvars):
            continue
        groups = []
        for key, column in group_by:
            value = joined[key] if column is None else row.get(column)
            if _present(value):
                groups.append((key, str(value).strip()))
        kept_rows.append(row)
        kept.append((hostvars, groups))
    names = assign_names(kept_rows, settings["hostnames"], settings["duplicate_suffix"], indexes[CLIENT.name])
    return [(names[i], kept[i][0], kept[i][1]) for i in range(len(kept))]


def credentials_by_asset(rows, include_archived=False):
    """{asset id (str): (username or None, password or None)} from decrypted credential rows.

    Several credentials on one asset: the lowest credential id wins. A field ITFlow could not
    decrypt comes back as ``false`` and is left out. Returns (mapping, undecryptable count).
    """
    linked = [r for r in rows if _present(r.get(_CREDENTIAL_ASSET)) and str(r.get(_CREDENTIAL_ASSET)) != "0"]
    if not include_archived:
        linked = [r for r in linked if not _present(r.get(_CREDENTIAL_ARCHIVED))]
    linked.sort(key=lambda r: int(r.get(_CREDENTIAL_ID) or 0))
    out, failed = {}, 0
    for row in linked:
        password = row.get(_PASSWORD)
        username = row.get(_USERNAME)
        if password is False:
            failed += 1
        aid = str(row.get(_CREDENTIAL_ASSET))
        if aid in out:
            continue
        out[aid] = (username if isinstance(username, str) and username != "" else None,
                    password if isinstance(password, str) else None)
    return out, failed, len(linked)
