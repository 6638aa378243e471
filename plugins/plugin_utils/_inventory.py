# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The logic of the itflow.itflow.itflow inventory plugin that needs no Ansible inventory object.

Option checks, the raw fetch, selection, typing, host names (with the duplicates rule),
addresses, native groups and the credentials join live here, so that they are tested
without Ansible and the plugin file is only glue. Nothing here talks HTTP except through
the shared client, and nothing here logs a value.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import re
import time

try:
    from urllib.parse import urlsplit
except ImportError:  # pragma: no cover - Python 2 is not supported by this plugin
    urlsplit = None

from ansible_collections.itflow.itflow.plugins.module_utils._typing import column_kind

# resource -> (endpoint folder, id column, name column). Fetched in this order, each once.
JOINED = (
    ("client", "clients", "client_id", "client_name"),
    ("location", "locations", "location_id", "location_name"),
    ("vendor", "vendors", "vendor_id", "vendor_name"),
    ("contact", "contacts", "contact_id", "contact_name"),
    ("network", "networks", "network_id", "network_name"),
)
RESOURCE_ORDER = ("assets", "clients", "locations", "vendors", "contacts", "networks")
# Which asset column points at each joined resource.
LINK_COLUMN = {"client": "asset_client_id", "location": "asset_location_id", "vendor": "asset_vendor_id",
               "contact": "asset_contact_id", "network": "interface_network_id"}
GROUP_BY_KEYS = ("client", "type", "status", "location", "os", "make", "model", "vendor", "network")
HOSTNAME_SOURCES = ("name", "uri", "uri_2", "ip", "nat_ip", "ipv6", "mac", "serial", "id")
ADDRESS_SOURCES = ("ip", "nat_ip", "ipv6", "uri", "uri_2", "name")
DUPLICATE_SUFFIXES = ("client", "id")
# Bump when the cached structure changes, so an old cache is not misread.
CACHE_FORMAT = "itflow-inventory-raw-v1"

_PREFIX_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$|^$")
_DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$")
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


def cache_key(base_url, api_key):
    """The cache entry of one server and key: the key is hashed, never stored or shown in clear."""
    key_hash = hashlib.sha256(("itflow-key\0%s" % api_key).encode("utf-8")).hexdigest()
    return "itflow_" + hashlib.sha256(("%s\0%s\0%s" % (CACHE_FORMAT, base_url, key_hash)).encode("utf-8")).hexdigest()[:32]


def fetch_raw(client, report):
    """Read each resource once (paged by the client) and return {endpoint folder: rows}.

    ``report(resource, rows, requests, seconds)`` is called after each read. Any client
    error propagates: the caller fails the whole inventory, so it is never partial.
    """
    raw = {}
    for resource in RESOURCE_ORDER:
        before, start = client.requests_made, time.time()
        raw[resource] = client.read(resource)
        report(resource, len(raw[resource]), client.requests_made - before, time.time() - start)
    return raw


# ------------------------------------------------------------------------------ typing

def _conv_int(value):
    text = value if isinstance(value, str) else str(value)
    try:
        return int(text) if text.strip() != "" else None
    except ValueError:
        return value


def _conv_decimal(value):
    text = value if isinstance(value, str) else str(value)
    try:
        return float(text) if text.strip() != "" else None
    except ValueError:
        return value


def _conv_bool(value):
    text = value if isinstance(value, str) else str(value)
    return text.strip() not in ("", "0")


def _conv_date(value):
    text = value if isinstance(value, str) else str(value)
    if text.startswith("0000-00-00") or text == "":
        return None
    return text if _DATETIME_RE.match(text) else value


_CONVERTERS = {"text": None, "int": _conv_int, "decimal": _conv_decimal, "bool": _conv_bool, "date": _conv_date}


class RowTyper(object):
    """``_typing.typed_row`` with the prefix applied, deciding each column's type once, not once per value.

    The types are _typing's (``column_kind``); a unit test checks that the results are identical.
    """

    def __init__(self, prefix):
        self.prefix = prefix
        self._columns = {}

    def _column(self, column):
        info = (self.prefix + column, _CONVERTERS[column_kind(column)])
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
        found = [cid for cid, row in clients.items() if cid == entry or str(row.get("client_name") or "").lower() == entry.lower()]
        if not found:
            warn("itflow inventory: %s entry %r matches no client this API key can see." % (option, entry))
        ids.update(found)
    return ids


def select_assets(raw, settings, warn):
    """The asset rows the options select, in asset id order."""
    clients = _index(raw.get("clients") or [], "client_id")
    include = _match_clients(settings["clients"], clients, "clients", warn) if settings["clients"] else None
    exclude = _match_clients(settings["exclude_clients"], clients, "exclude_clients", warn)
    types, statuses = set(settings["asset_types"]), set(settings["statuses"])
    archived_ok = settings["include_archived"]
    out = []
    for row in raw.get("assets") or []:
        cid = str(row.get("asset_client_id"))
        if include is not None and cid not in include:
            continue
        if cid in exclude:
            continue
        if not archived_ok:
            if _present(row.get("asset_archived_at")):
                continue
            client = clients.get(cid)
            if client is not None and _present(client.get("client_archived_at")):
                continue
        if types and str(row.get("asset_type") or "").lower() not in types:
            continue
        if statuses and str(row.get("asset_status") or "").lower() not in statuses:
            continue
        out.append(row)
    out.sort(key=_asset_id)
    return out


def _asset_id(row):
    try:
        return int(row.get("asset_id"))
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


_SOURCES = {
    "name": lambda row: _text(row.get("asset_name")),
    "uri": lambda row: uri_host(row.get("asset_uri")),
    "uri_2": lambda row: uri_host(row.get("asset_uri_2")),
    "ip": lambda row: _ip(row.get("interface_ip")),
    "nat_ip": lambda row: _ip(row.get("interface_nat_ip")),
    "ipv6": lambda row: _ip(row.get("interface_ipv6")),
    "mac": lambda row: _text(row.get("interface_mac")),
    "serial": lambda row: _text(row.get("asset_serial")),
    "id": lambda row: "asset-%s" % row.get("asset_id"),
}


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
    base = [first_of(row, hostnames) or "asset-%s" % row.get("asset_id") for row in rows]
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
            client = clients.get(str(row.get("asset_client_id"))) or {}
            abbreviation = _text(client.get("client_abbreviation"))
            if abbreviation:
                candidates.append("%s_%s" % (name, _SPACE_RE.sub("_", abbreviation)))
        candidates.append("%s_%s" % (name, row.get("asset_id")))
        chosen = next((c for c in candidates if c not in taken), None)
        n = 2
        while chosen is None:  # only if an asset is literally named like another's suffixed name
            candidate = "%s_%s_%d" % (name, row.get("asset_id"), n)
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


def build_hosts(raw, settings, warn, keep=None):
    """Return [(name, vars, [(group_by key, value)...])] for the selected assets, in asset id order.

    ``keep(vars)`` (the ``filter`` option) decides whether a host stays; hosts it drops do not
    take part in the duplicates rule.
    """
    rows = select_assets(raw, settings, warn)
    prefix = settings["hostvars_prefix"]
    typer = RowTyper(prefix)
    indexes = dict((res, _index(raw.get(folder) or [], id_col)) for res, folder, id_col, _name in JOINED)
    name_cols = dict((res, name_col) for res, _folder, _id, name_col in JOINED)
    address_from = settings["ansible_host_from"]
    group_by = settings["group_by"]
    value_of = {"type": "asset_type", "status": "asset_status", "os": "asset_os", "make": "asset_make", "model": "asset_model"}
    kept_rows, kept = [], []
    for row in rows:
        hostvars = typer(row)
        joined = {}
        for res, _folder, _id, _name in JOINED:
            joined[res] = _joined_name(indexes[res], name_cols[res], row.get(LINK_COLUMN[res]))
            hostvars["%s%s_name" % (prefix, res)] = joined[res]
        if address_from:
            address = first_of(row, address_from)
            if address:
                hostvars["ansible_host"] = address
        if keep is not None and not keep(hostvars):
            continue
        groups = []
        for key in group_by:
            value = joined[key] if key in joined else row.get(value_of[key])
            if _present(value):
                groups.append((key, str(value).strip()))
        kept_rows.append(row)
        kept.append((hostvars, groups))
    names = assign_names(kept_rows, settings["hostnames"], settings["duplicate_suffix"], indexes["client"])
    return [(names[i], kept[i][0], kept[i][1]) for i in range(len(kept))]


def credentials_by_asset(rows, include_archived=False):
    """{asset id (str): (username or None, password or None)} from decrypted credential rows.

    Several credentials on one asset: the lowest credential id wins. A field ITFlow could not
    decrypt comes back as ``false`` and is left out. Returns (mapping, undecryptable count).
    """
    linked = [r for r in rows if _present(r.get("credential_asset_id")) and str(r.get("credential_asset_id")) != "0"]
    if not include_archived:
        linked = [r for r in linked if not _present(r.get("credential_archived_at"))]
    linked.sort(key=lambda r: int(r.get("credential_id") or 0))
    out, failed = {}, 0
    for row in linked:
        password = row.get("credential_password")
        username = row.get("credential_username")
        if password is False:
            failed += 1
        aid = str(row.get("credential_asset_id"))
        if aid in out:
            continue
        out[aid] = (username if isinstance(username, str) and username != "" else None,
                    password if isinstance(password, str) else None)
    return out, failed, len(linked)
