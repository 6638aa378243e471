# -*- coding: utf-8 -*-
"""An in-memory fake of ITFlowClient's read/write interface, for the engine's unit tests.

It holds one table (a list of all-string rows, as ITFlow answers them) per API module, records
every request, and answers reads and writes the way ITFlow 26.08 does where the engine cares:

* reads filter on the columns they name, case-insensitively (ITFlow's collation); ``client_id``
  is ignored (26.08 ignores it); rows read through ``asset_name`` carry no interface columns;
* a create answers ``insert_id``; an update sets the columns it is sent and, for an asset, wipes
  the interface's IP, MAC and network unless they are sent; a client update without
  ``client_is_lead`` crashes (HTTP 500); ticket details gain ``<br>``; document text is escaped
  once more on every write, and the name and description on every update that does not send them;
* ``delete``, ``archive``/``unarchive``, ``resolve`` do what they say.

Faults are injected per request (``fault``): raise an error before or after applying the write,
or drop the write while answering success. Columns the server silently ignores are in ``drops``.
The fake knows ITFlow's names, not the collection's definitions: its column table is its own.
"""

from __future__ import absolute_import, division, print_function

import copy

from ansible_collections.itflow.itflow.plugins.module_utils._engine import Engine
from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowServerError
from ansible_collections.itflow.itflow.plugins.module_utils._registry import RESOURCES

PREFIX = {
    "assets": "asset_", "clients": "client_", "contacts": "contact_", "tickets": "ticket_", "ticket_replies": "ticket_reply_",
    "certificates": "certificate_", "credentials": "credential_", "documents": "document_", "locations": "location_",
    "vendors": "vendor_", "networks": "network_", "software": "software_", "domains": "domain_",
}
# Body names ITFlow stores under another column.
RENAMES = {
    "assets": {"asset_ip": "interface_ip", "asset_mac": "interface_mac", "asset_network_id": "interface_network_id"},
    "clients": {"client_is_lead": "client_lead"},
    "tickets": {"ticket_vendor_ticket_id": "ticket_vendor_ticket_number"},
}
# Read filters that are checked against another column.
FILTER_COLUMNS = {"assets": {"asset_mac": "interface_mac"}, "ticket_replies": {"ticket_id": "ticket_reply_ticket_id"}}
INTERFACE = ("interface_ip", "interface_mac", "interface_network_id")
NOT_COLUMNS = ("api_key_decrypt_password",)


def sql_escape(text):
    """One level of MySQL escaping, as ITFlow adds it to document text."""
    out = []
    for char in text:
        if char in ("\\", "'", '"'):
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        else:
            out.append(char)
    return "".join(out)


class Request(object):
    def __init__(self, kind, module, op, data, decrypt):
        self.kind = kind          # "read" or "write"
        self.module = module
        self.op = op
        self.data = data          # filters of a read, body of a write
        self.decrypt = decrypt

    def __repr__(self):
        return "<%s %s/%s.php %r>" % (self.kind, self.module, self.op, self.data)


class Fault(object):
    def __init__(self, kind, module, op, error, apply, times, when):
        self.kind, self.module, self.op = kind, module, op
        self.error, self.apply, self.times, self.when = error, apply, times, when

    def matches(self, kind, module, op, data):
        return (self.times != 0 and kind == self.kind and module == self.module and self.op in (None, op)
                and (self.when is None or self.when(data)))


class FakeITFlow(object):
    """ITFlowClient's interface to the engine: ``read``, ``write``, ``has_endpoint``, ``has_decrypt_password``,
    ``base_url``. Every endpoint exists but those put in ``missing`` ((module, op) pairs)."""

    def __init__(self, base_url="https://itflow.test", decrypt_password=True):
        self.base_url = base_url
        self.has_decrypt_password = decrypt_password
        self.tables = dict((module, []) for module in PREFIX)
        self.requests = []
        self.faults = []
        self.drops = {}           # (module, op): columns the server ignores
        self.next_id = 100
        self.missing = set()      # (module, op): endpoints this server lacks (check mode's plan asks)

    # ------------------------------------------------------------------ seeding and inspecting
    def add(self, module, **columns):
        """Store a row (values as ITFlow returns them: strings); returns its id."""
        prefix = PREFIX[module]
        row = dict((k, None if v is None else (v if isinstance(v, (str, bool)) else str(v))) for k, v in columns.items())
        if prefix + "id" not in row:
            self.next_id += 1
            row[prefix + "id"] = str(self.next_id)
        if module == "assets":
            row.setdefault("interface_id", row[prefix + "id"])
        row.setdefault(prefix + "archived_at", None)
        self.tables[module].append(row)
        return int(row[prefix + "id"])

    def row(self, module, record_id):
        for row in self.tables[module]:
            if str(row[PREFIX[module] + "id"]) == str(record_id):
                return row
        return None

    def writes(self, module=None):
        return [r for r in self.requests if r.kind == "write" and module in (None, r.module)]

    def reads(self, module=None):
        return [r for r in self.requests if r.kind == "read" and module in (None, r.module)]

    def clear(self):
        del self.requests[:]

    def fault(self, kind, module, op=None, error=None, apply=False, times=1, when=None):
        """The next ``times`` matching requests (-1: all) raise ``error`` (after applying a write when ``apply``);
        with no error a write is dropped and answered as a success."""
        self.faults.append(Fault(kind, module, op, error, apply, times, when))

    def _fault(self, kind, module, op, data):
        for fault in self.faults:
            if fault.matches(kind, module, op, data):
                fault.times -= 1
                return fault
        return None

    # ------------------------------------------------------------------ the client's interface
    def read(self, module, filters=None, paged=True, decrypt=False, op="read", client_id=None, parallel=None):
        filters = dict((k, v) for k, v in (filters or {}).items() if v is not None)
        self.requests.append(Request("read", module, op, dict(filters), decrypt))
        fault = self._fault("read", module, op, filters)
        if fault is not None:
            raise fault.error
        rows = []
        for row in self.tables[module]:
            if all(self._passes(module, row, name, value) for name, value in filters.items()):
                rows.append(self._answer(module, row, filters, decrypt))
        return rows

    def _passes(self, module, row, name, value):
        if name == "client_id" or name in NOT_COLUMNS:
            return True  # ITFlow 26.08 ignores client_id on reads
        have = row.get(FILTER_COLUMNS.get(module, {}).get(name, name))
        return have is not None and str(have).strip().casefold() == str(value).strip().casefold()

    def _answer(self, module, row, filters, decrypt):
        out = copy.deepcopy(row)
        if module == "assets" and ("asset_name" in filters or "asset_id" in filters):
            for column in INTERFACE:
                out.pop(column, None)  # ITFlow's filtered asset reads do not join the interface
        if module == "credentials" and not decrypt:
            out["credential_password"] = False
        return out

    def has_endpoint(self, module, op):
        return (module, op) not in self.missing

    def write(self, module, op, data, decrypt=False):
        body = copy.deepcopy(data)
        self.requests.append(Request("write", module, op, body, decrypt))
        fault = self._fault("write", module, op, body)
        if fault is not None and not fault.apply:
            if fault.error is not None:
                raise fault.error
            return self._envelope(module, op, None, dropped=True)
        new_id = getattr(self, "_" + op)(module, body)
        if fault is not None:
            raise fault.error
        return self._envelope(module, op, new_id)

    def _envelope(self, module, op, new_id, dropped=False):
        if op != "create":
            return {"success": "True", "message": "Resource updated", "data": []}
        if dropped:
            self.next_id += 1
            new_id = self.next_id
        return {"success": "True", "data": [{"insert_id": new_id}]}

    # ------------------------------------------------------------------ ITFlow's endpoints
    def _columns(self, module, op, body):
        prefix = PREFIX[module]
        out = {}
        for name, value in body.items():
            if name in NOT_COLUMNS or name in self.drops.get((module, op), ()):
                continue
            if name == "client_id":
                name = prefix + "client_id" if module != "clients" else name
            elif name == "ticket_id" and module == "ticket_replies":
                name = "ticket_reply_ticket_id"
            name = RENAMES.get(module, {}).get(name, name)
            out[name] = value if isinstance(value, str) or value is None else str(int(value) if isinstance(value, bool) else value)
        if module == "tickets" and "ticket_details" in out:
            out["ticket_details"] = (out["ticket_details"] or "< blank >") + "<br>"
        if module == "documents":
            for column in ("document_name", "document_description", "document_content"):
                if out.get(column):
                    out[column] = sql_escape(out[column])
        return out

    def _create(self, module, body):
        columns = self._columns(module, "create", body)
        columns.pop(PREFIX[module] + "id", None)
        return self.add(module, **columns)

    def _target(self, module, body):
        row = self.row(module, body.get(PREFIX[module] + "id"))
        if row is None:
            raise AssertionError("%s/update: no record %r" % (module, body))
        return row

    def _update(self, module, body):
        if module == "clients" and "client_is_lead" not in body:
            raise ITFlowServerError("ITFlow answered HTTP 500 on clients/update.php.", endpoint="clients/update.php", status=500)
        row = self._target(module, body)
        columns = self._columns(module, "update", body)
        if module == "assets":
            for column in INTERFACE:
                columns.setdefault(column, "")  # ITFlow wipes what an update does not send
        if module == "documents":
            for column in ("document_name", "document_description"):
                if column not in columns and row.get(column):
                    columns[column] = sql_escape(row[column])
        row.update(columns)

    def _delete(self, module, body):
        row = self._target(module, body)
        self.tables[module].remove(row)

    def _archive(self, module, body):
        self._target(module, body)[PREFIX[module] + "archived_at"] = "2026-01-01 00:00:00"

    def _unarchive(self, module, body):
        self._target(module, body)[PREFIX[module] + "archived_at"] = None

    def _resolve(self, module, body):
        row = self._target(module, body)
        row.update({"ticket_status": "4", "ticket_resolved_at": "2026-01-01 00:00:00"})


def run(fake, resource, base=None, check=False, **params):
    """One task: the options in ``base`` (a dict) updated with ``params``."""
    return Engine(fake, RESOURCES[resource], check_mode=check).run(dict(base or {}, **params))
