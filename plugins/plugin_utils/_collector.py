# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the drift_report callback collects from a run's task results, and the plan it builds of them.

``Collector.add`` takes each itflow.itflow task result (single-record modules and itflow_bulk),
files records, extras and errors under the client they belong to, and ``Collector.build`` returns
the report that ``_report.py`` renders. Everything about a resource comes from the registry.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import json

from ansible_collections.itflow.itflow.plugins.module_utils._connection import SECRETS as CONNECTION_SECRETS
from ansible_collections.itflow.itflow.plugins.module_utils._registry import RESOURCES
from ansible_collections.itflow.itflow.plugins.module_utils._typing import MASK
from ansible_collections.itflow.itflow.plugins.plugin_utils._report import GLOBAL_NAME, STATUS_ORDER, client_markdown, status_of, summarise

# Everything about a resource comes from the registry: its natural key, its secrets, whether it is a client's record.
SECRET_FIELDS = frozenset(tuple(CONNECTION_SECRETS) + tuple(o for r in RESOURCES.values() for o in r.secrets))
KEY_OPTIONS = ("name",) + tuple(sorted(set(k for r in RESOURCES.values() for k in r.natural_key) - {"name"}))


def natural_key(resource):
    """The options naming a record of ``resource``: its natural key, then its name."""
    res = RESOURCES.get(resource)
    if res is None:
        return KEY_OPTIONS
    return res.natural_key + tuple(o for o in ("name",) if o not in res.natural_key and o in res.by_option)


def is_client_record(resource):
    """Whether records of ``resource`` are clients themselves (neither in a client nor under a parent record)."""
    res = RESOURCES.get(resource)
    return res is not None and not res.client_scoped and not res.parent


def belongs_to_client(resource):
    """Whether a task's client option says which client a record of ``resource`` belongs to."""
    res = RESOURCES.get(resource)
    return res is None or res.client_scoped or bool(res.parent)


def resource_of(action):
    """``asset`` for ``itflow.itflow.itflow_asset`` or ``itflow_asset``; None for anything else."""
    parts = str(action or "").split(".")
    if (len(parts) == 3 and parts[:2] == ["itflow", "itflow"]) or len(parts) == 1:
        name = parts[-1]
        if name.startswith("itflow_") and len(name) > 7:
            return name[7:]
    return None


def is_secret(field, entry=None):
    if str(field).lower() in SECRET_FIELDS:
        return True
    return bool(entry) and MASK in (entry.get("current"), entry.get("desired"))


def _int(value):
    if isinstance(value, bool) or value is None:
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _ref(value):
    """A client as a module argument gives it: ("id", 1), ("name", "Acme Corp") or None (global)."""
    if value is None or isinstance(value, bool) or value == "":
        return None
    number = _int(value)
    if number is not None:
        return ("id", number) if number else None
    return ("name", str(value).strip())


def _plain(value):
    """A JSON-safe copy (secrets never reach this: callers drop them first)."""
    return json.loads(json.dumps(value, default=str))


def _clean_drift(drift):
    out = []
    for entry in drift if isinstance(drift, list) else []:
        if not isinstance(entry, dict):
            continue
        field = str(entry.get("field"))
        if is_secret(field, entry):
            out.append({"field": field, "secret": True})
        else:
            out.append({"field": field, "current": _plain(entry.get("current")), "desired": _plain(entry.get("desired"))})
    return out


def _new_references(value):
    """A result's ``new_references``: the records it names that do not exist yet (check mode)."""
    out = []
    for ref in value if isinstance(value, list) else []:
        if isinstance(ref, dict) and ref.get("resource") and ref.get("value") not in (None, ""):
            entry = {"resource": str(ref["resource"]), "option": str(ref.get("option") or ref["resource"]), "value": _plain(ref["value"])}
            if entry not in out:
                out.append(entry)
    return out


def _unsupported(value):
    """A result's ``unsupported``: the operations the plan needs that this ITFlow server lacks."""
    out = []
    for entry in value if isinstance(value, list) else []:
        if isinstance(entry, dict) and entry.get("message"):
            out.append({"operation": str(entry.get("operation") or ""), "endpoint": str(entry.get("endpoint") or ""),
                        "message": str(entry["message"])})
    return out


def _same(a, b):
    return str(a if a is not None else "").strip().casefold() == str(b if b is not None else "").strip().casefold()


class Collector(object):
    """Everything the itflow modules of one run reported, in arrival order; ``build`` makes the report of it."""

    def __init__(self):
        self.records = []
        self.errors = []
        self.extra = []
        self.hidden = 0
        self._batches = 0  # itflow_bulk tasks seen: their records share a batch number
        self._names = {}  # client id -> name
        self._ids = {}    # casefolded name -> client id

    def __len__(self):
        return len(self.records) + len(self.errors) + len(self.extra) + self.hidden

    def add(self, action, result, args=None, task="", check_mode=False, failed=False):
        """Take one module result (one loop item); True when it was an itflow resource result."""
        resource = resource_of(action)
        if resource is None or not isinstance(result, dict):
            return False
        if result.get("censored"):
            self.hidden += 1
            return True
        if not isinstance(args, dict):
            args = (result.get("invocation") or {}).get("module_args") or {}
        if resource == "bulk":
            return self._add_bulk(result, args, str(task or ""), check_mode, failed)
        if not failed and "drift" not in result:
            return False
        record = result.get(resource) if isinstance(result.get(resource), dict) else {}
        before = (result.get("diff") or {}).get("before") if isinstance(result.get("diff"), dict) else None
        if isinstance(before, dict) and before.get("id") is not None:
            record = dict(before, **record)  # a delete in check mode returns no record: --diff has it
        entry = {"resource": resource, "name": self._key(resource, args, record),
                 "id": _int(record.get("id")) if record.get("id") is not None else _int(args.get("id")),
                 "client": self._client(resource, args, record), "task": str(task or "")}
        if failed:
            entry["message"] = str(result.get("msg") or "failed")
            if result.get("endpoint"):
                entry["endpoint"] = str(result["endpoint"])
            self.errors.append(entry)
        else:
            operation = str(result.get("operation") or ("update" if result.get("drift") else "none"))
            entry.update(operation=operation, status=status_of(operation), check_mode=bool(check_mode),
                         drift=_clean_drift(result.get("drift")))
            aliases = [str(d["desired"]) for d in entry["drift"] if d["field"] in natural_key(resource) + ("name",)
                       and not d.get("secret") and d.get("desired") not in (None, "")]
            if aliases:
                entry["aliases"] = aliases  # what other records may call it (a contact by name or e-mail)
            for key, value in (("new_references", _new_references(result.get("new_references"))),
                               ("unsupported", _unsupported(result.get("unsupported")))):
                if value:
                    entry[key] = value
            self.records.append(entry)
        self._add_extra(result.get("extra"), resource, None, {}, check_mode)
        return True

    def _add_bulk(self, result, args, task, check_mode, failed):
        """itflow_bulk: one entry per item in ``results``, undeclared records in ``extra`` (purged ones marked)."""
        resource = str(args.get("resource") or "record")
        action = "itflow_" + resource
        entries = result.get("results")
        if not isinstance(entries, list):
            if failed:  # the task failed before any item (an unknown client, say)
                return self.add(action, result, args={"client": args.get("client"), "name": "(all %s items)" % resource},
                                task=task, check_mode=check_mode, failed=True)
            return False
        purged = {}
        self._batches += 1
        start = len(self.records)
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            key = entry.get("key") if isinstance(entry.get("key"), dict) else {}
            if entry.get("purge"):
                purged[_int(entry.get("id", key.get("id")))] = entry
                continue
            item = dict(key)
            if belongs_to_client(resource):
                item["client"] = args.get("client")
            if entry.get("error") or entry.get("operation") == "failed":
                self.add(action, {"msg": entry.get("error")}, args=item, task=task, check_mode=check_mode, failed=True)
            else:
                self.add(action, {"operation": entry.get("operation"), "drift": entry.get("drift") or [], resource: {"id": entry.get("id")},
                                  "new_references": entry.get("new_references"), "unsupported": entry.get("unsupported")},
                         args=item, task=task, check_mode=check_mode)
        for record in self.records[start:]:
            record["batch"] = self._batches  # itflow_bulk's dry run refuses all of them if one names what cannot be found
        self._add_extra(result.get("extra"), resource, args.get("client"), purged, check_mode)
        return True

    def _add_extra(self, extra, resource, client, purged, check_mode):
        for item in extra if isinstance(extra, list) else []:
            if not isinstance(item, dict):
                continue
            name = item.get("name", item.get("key"))
            kind = str(item.get("resource") or resource)
            # An undeclared client is filed under itself, as an itflow_client task is: not under the declared ones.
            ref = _ref(item.get("client", client)) if not is_client_record(kind) else (("name", str(name)) if name else None)
            entry = {"resource": kind, "name": None if name is None else str(name), "id": _int(item.get("id")), "client": ref}
            done = purged.get(entry["id"]) if entry["id"] is not None else None
            if done and done.get("operation") not in (None, "none", "failed") and not done.get("error"):
                entry.update(operation=str(done["operation"]), check_mode=bool(check_mode))
                unsupported = _unsupported(done.get("unsupported"))
                if unsupported:  # a purge the server cannot do (no delete endpoint): the real run fails on it
                    entry["fails"] = " ".join(u["message"] for u in unsupported)
            self.extra.append(entry)

    @staticmethod
    def _key(resource, args, record):
        for source in (args, record):
            for option in natural_key(resource):
                if source.get(option) not in (None, ""):
                    return str(source[option])
        return None

    def _learn(self, client_id, name):
        if client_id and name:
            self._names.setdefault(client_id, name)
            self._ids.setdefault(name.casefold(), client_id)

    def _client(self, resource, args, record):
        if is_client_record(resource):
            name = args.get("name") or record.get("name")
            client_id = _int(record.get("id")) if record.get("id") is not None else _int(args.get("id"))
            name = str(name) if name else None
            self._learn(client_id, name)
            return ("name", name) if name else (("id", client_id) if client_id else None)
        ref = _ref(args.get("client"))
        client_id = _int(record.get("client_id"))
        if ref and ref[0] == "name" and client_id:
            self._learn(client_id, ref[1])
        if ref is None and client_id:
            ref = ("id", client_id)
        return ref

    def _group(self, ref):
        """(sort key, display name, id, global) of a client reference."""
        if ref is None:
            return ("\uffff", GLOBAL_NAME, None, True)
        kind, value = ref
        if kind == "id":
            name = self._names.get(value)
            if name is None:
                return ("#%09d" % value, "client #%d" % value, value, False)
        else:
            name = value
        return (name.casefold(), self._names.get(self._ids.get(name.casefold()), name), self._ids.get(name.casefold()), False)

    def build(self, title="ITFlow documentation drift", generated=None):
        """The report as one JSON-ready dictionary."""
        if generated is None:
            generated = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        groups = {}

        def group(ref):
            key, name, client_id, is_global = self._group(ref)
            if key not in groups:
                groups[key] = {"name": name, "id": client_id, "global": is_global, "missing": False, "records": {},
                               "extra": {}, "errors": []}
            return groups[key]

        for entry in self.records:
            target = group(entry["client"])
            record = dict((k, v) for k, v in entry.items() if k != "client")
            target["records"][(entry["resource"], (entry["name"] or "").casefold(), entry["id"])] = record  # the last word wins
            if is_client_record(entry["resource"]) and entry["status"] == "create" and not target["global"]:
                target["missing"] = True
        for entry in self.extra:
            group(entry["client"])["extra"][(entry["resource"], entry["id"], entry["name"])] = dict(
                (k, v) for k, v in entry.items() if k != "client")
        for entry in self.errors:
            group(entry["client"])["errors"].append(dict((k, v) for k, v in entry.items() if k != "client"))
        _plan(groups)
        clients = []
        for key in sorted(groups):
            item = groups[key]
            item["records"] = sorted(item["records"].values(), key=lambda r: (
                STATUS_ORDER.index(r["status"]), r["resource"], (r["name"] or "").casefold(), r["id"] or 0))
            for record in item["records"]:
                record.pop("aliases", None)
                record.pop("batch", None)
            item["extra"] = sorted(item["extra"].values(), key=lambda r: (r["resource"], (r["name"] or "").casefold(), r["id"] or 0))
            item["summary"] = summarise([item])
            item["drifting"] = bool(item["summary"]["drifting"] or item["extra"])
            item["markdown"] = client_markdown(item)
            clients.append(item)
        modes = set(r["check_mode"] for c in clients for r in c["records"])
        summary = summarise(clients)
        summary["hidden"] = self.hidden
        return {"title": title, "generated": generated, "mode": "check" if modes == {True} else ("apply" if modes == {False} else (
            "mixed" if modes else "none")), "summary": summary, "clients": clients}


def _plan(groups):
    """Scope the extras to what is declared, and tell which planned records the real run would fail on.

    An extra record that a task of the run declares (another task of the same client, a record declared absent)
    is not extra. A reference to a record that does not exist yet (``new_references``) is planned when the run
    creates that record (in the same client; a client anywhere in the run). A record fails when ITFlow lacks an
    operation it needs (``unsupported``: that write fails alone), or when it names a record no task creates, or
    one whose creation fails: then the reference does not resolve in the real run, and itflow_bulk's dry run
    refuses every record of that task before writing any.
    """
    _scope_extras(groups)
    creates = {}
    everything = []
    for item in groups.values():
        for record in item["records"].values():
            everything.append((item, record))
            if record["status"] == "create":
                scope = None if is_client_record(record["resource"]) else id(item)
                for name in [record["name"]] + record.get("aliases", []):
                    if name is not None:
                        creates.setdefault((scope, record["resource"], str(name).strip().casefold()), record)

    def target(item, ref):
        scope = None if is_client_record(ref["resource"]) else id(item)
        return creates.get((scope, ref["resource"], str(ref["value"]).strip().casefold()))

    for item, record in everything:
        if record.get("unsupported"):
            record["fails"] = " ".join(u["message"] for u in record["unsupported"])
        for ref in record.get("new_references", []):
            ref["planned"] = target(item, ref) is not None
    _spread_failures(everything, target)


def _scope_extras(groups):
    """An extra record that a task of the run declares (another task of the same client, a record declared absent)
    is not extra."""
    for item in groups.values():
        for key, extra in list(item["extra"].items()):
            for record in item["records"].values():
                if record["resource"] != extra["resource"]:
                    continue
                if (extra["id"] is not None and record["id"] == extra["id"]) or (
                        record["id"] is None and extra["name"] is not None and _same(record["name"], extra["name"])):
                    del item["extra"][key]
                    break


def _spread_failures(everything, target):
    """A record naming a record no task creates, or one whose creation fails, fails; so does its itflow_bulk task."""
    changed = True
    while changed:
        changed = False
        refused = set()
        for item, record in everything:
            for ref in record.get("new_references", []):
                found = target(item, ref)
                if found is None:
                    reason = ("%s %r is not in ITFlow and no task of this run creates it (option %s): the real run fails here. "
                              "Check the spelling." % (ref["resource"], ref["value"], ref["option"]))
                elif found.get("fails") and found is not record:
                    reason = "It names %s %r (option %s), which the real run cannot create." % (ref["resource"], ref["value"], ref["option"])
                else:
                    continue
                if record.get("batch"):
                    refused.add(record["batch"])
                if not record.get("fails"):
                    record["fails"] = reason
                    changed = True
                break
        for item, record in everything:
            if record.get("batch") in refused and not record.get("fails"):
                record["fails"] = ("Another record of the same itflow_bulk task names a record the real run cannot find, so the "
                                   "task refuses them all before writing any.")
                changed = True
