# -*- coding: utf-8 -*-
"""The floor of the inventory benchmark: a script inventory that does only what any source must.

One raw fetch of every resource (the same paged reads as the plugin: assets, clients,
locations, vendors, contacts, networks; key in the JSON body), a join in memory, and the
same hosts, variables and groups as the plugin with ``group_by`` printed as JSON, every
string marked ``__ansible_unsafe`` (as a careful script must, and as ansible-inventory
prints the plugin's strings). Nothing else: no options, no cache, no checks.

Environment: FLOOR_URL, FLOOR_API_KEY, FLOOR_GROUP_BY (comma separated), FLOOR_PAGE_SIZE,
FLOOR_TYPING (path of the collection's plugins/module_utils/_typing.py, whose type rules the
plugin uses too, so that both print the same values).
"""

import importlib.util
import json
import os
import re
import sys
from urllib.parse import urlsplit

import requests

RESOURCES = ("assets", "clients", "locations", "vendors", "contacts", "networks")
JOINED = (("client", "clients", "client_id", "client_name", "asset_client_id"),
          ("location", "locations", "location_id", "location_name", "asset_location_id"),
          ("vendor", "vendors", "vendor_id", "vendor_name", "asset_vendor_id"),
          ("contact", "contacts", "contact_id", "contact_name", "asset_contact_id"),
          ("network", "networks", "network_id", "network_name", "interface_network_id"))
ROW_KEY = {"type": "asset_type", "status": "asset_status", "os": "asset_os", "make": "asset_make", "model": "asset_model"}
INVALID = re.compile(r"^[\d\W]|[^\w]")
PREFIX = "itflow_"


def fetch(session, url, key, resource, page):
    rows, offset = [], 0
    while True:
        resp = session.get("%s/api/v1/%s/read.php" % (url, resource), params={"limit": page, "offset": offset},
                           data=json.dumps({"api_key": key}), headers={"Content-Type": "application/json"}, timeout=60)
        resp.raise_for_status()
        body = resp.json()
        data = body.get("data") or [] if body.get("success") == "True" else []
        rows.extend(data)
        if len(data) < page:
            return rows
        offset += len(data)


def typer(path):
    """A function of a row giving the prefixed, typed variables; each column's type decided once."""
    spec = importlib.util.spec_from_file_location("itflow_typing", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    columns = {}

    def typed_row(row):
        out = {}
        for col, value in row.items():
            if col not in columns:
                columns[col] = (PREFIX + col, None if module.column_kind(col) == "text" else (lambda v, c=col: module.typed(c, v)))
            name, conv = columns[col]
            out[name] = None if value is None or value is False else (value if conv is None else conv(value))
        return out
    return typed_row


def present(value):
    return value is not None and value is not False and str(value).strip() != ""


def main():
    url, key = os.environ["FLOOR_URL"].rstrip("/"), os.environ["FLOOR_API_KEY"]
    page = int(os.environ.get("FLOOR_PAGE_SIZE", "5000"))
    group_by = [g for g in os.environ.get("FLOOR_GROUP_BY", "").split(",") if g]
    typed_row = typer(os.environ["FLOOR_TYPING"])
    with requests.Session() as session:
        raw = dict((r, fetch(session, url, key, r, page)) for r in RESOURCES)
    index = dict((res, dict((str(row[id_col]), row) for row in raw[folder])) for res, folder, id_col, _n, _l in JOINED)
    clients = index["client"]
    assets = [a for a in raw["assets"] if not present(a.get("asset_archived_at"))
              and not present((clients.get(str(a["asset_client_id"])) or {}).get("client_archived_at"))]
    assets.sort(key=lambda a: int(a["asset_id"]))

    # names: the lowest asset id keeps the name; others get _<client abbreviation>, else _<asset id>
    base = [(a.get("asset_name") or "").strip() or "asset-%s" % a["asset_id"] for a in assets]
    names, taken = [None] * len(assets), set()
    for i, name in enumerate(base):
        if name not in taken:
            taken.add(name)
            names[i] = name
    for i, name in enumerate(base):
        if names[i] is None:
            abbreviation = ((clients.get(str(assets[i]["asset_client_id"])) or {}).get("client_abbreviation") or "").strip()
            choices = (["%s_%s" % (name, re.sub(r"\s+", "_", abbreviation))] if abbreviation else []) + ["%s_%s" % (name, assets[i]["asset_id"])]
            names[i] = next(c for c in choices if c not in taken)
            taken.add(names[i])

    hostvars, groups, ungrouped = {}, {}, []
    for name, asset in zip(names, assets):
        hv = typed_row(asset)
        joined = {}
        for res, _folder, _id, name_col, link in JOINED:
            row = index[res].get(str(asset.get(link))) if asset.get(link) is not None else None
            joined[res] = hv[PREFIX + res + "_name"] = None if row is None else row.get(name_col)
        ip = (asset.get("interface_ip") or "").strip().split("/")[0]
        uri = (asset.get("asset_uri") or "").strip()
        uri = urlsplit(uri if "://" in uri else "//" + uri).hostname if uri else None
        address = ip or uri or (asset.get("asset_name") or "").strip()
        if address:
            hv["ansible_host"] = address
        hostvars[name] = dict((k, {"__ansible_unsafe": v} if isinstance(v, str) else v) for k, v in hv.items())
        member = False
        for key_name in group_by:
            value = joined[key_name] if key_name in joined else asset.get(ROW_KEY[key_name])
            if present(value):
                groups.setdefault(INVALID.sub("_", "%s_%s" % (key_name, str(value).strip())), []).append(name)
                member = True
        if not member:
            ungrouped.append(name)

    out = {"_meta": {"hostvars": hostvars}, "all": {"children": ["ungrouped"] + list(groups)}}
    out.update((group, {"hosts": hosts}) for group, hosts in groups.items())
    if ungrouped:
        out["ungrouped"] = {"hosts": ungrouped}
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--host":
        print("{}")
        sys.exit(0)
    sys.exit(main())
