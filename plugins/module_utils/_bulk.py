# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Many records of one resource in one task: read once, diff in memory, write only what differs.

Each item goes through the same engine as the single-record modules (same check mode,
diff, drift and data-safety rules); the engine is given the rows read once, and its
writes are verified together by one read at the end.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.itflow.itflow.plugins.module_utils._engine import Engine
from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowError, ITFlowInputError
from ansible_collections.itflow.itflow.plugins.module_utils._lock import TaskGuard, duplicate_errors
from ansible_collections.itflow.itflow.plugins.module_utils._lookups import Lookups


def item_states(res):
    return res.states()


def _extra_choices(res):
    return dict((o, tuple(e["choices"])) for o, e in res.extra_options.items() if e.get("choices"))


def check_items(res, items):
    """Validate every item before any request; raise one error that lists every bad item."""
    allowed = set(f.option for f in res.fields) | {"id", "state"} | set(res.extra_options)
    if res.parent:
        allowed.add(res.parent["option"])
    problems = []
    clean = []
    seen = {}
    for number, item in enumerate(items or [], start=1):
        if not isinstance(item, dict):
            problems.append("item %d is a %s, not a dictionary of options" % (number, type(item).__name__))
            continue
        unknown = sorted(set(item) - allowed)
        if unknown:
            problems.append("item %d has unknown option(s) %s for %s (allowed: %s)" % (
                number, ", ".join(unknown), res.label, ", ".join(sorted(allowed))))
            continue
        params = dict((k, v) for k, v in item.items() if v is not None)
        state = params.get("state", "present")
        if state not in item_states(res):
            problems.append("item %d: state must be one of %s, not %r" % (number, ", ".join(item_states(res)), state))
            continue
        params["state"] = state
        for option, choices in _extra_choices(res).items():
            if option in params and params[option] not in choices:
                problems.append("item %d: %s must be one of %s" % (number, option, ", ".join(choices)))
        try:
            _check_values(res, params)
        except ITFlowInputError as exc:
            problems.append("item %d: %s" % (number, exc))
            continue
        if params.get("id") is None:
            missing = [k for k in res.natural_key if not str(params.get(k) or "").strip()]
            if missing:
                problems.append("item %d has neither id nor %s" % (number, " and ".join(missing)))
                continue
            key = tuple(str(params[k]).strip().casefold() for k in res.natural_key)
        else:
            key = ("id", str(params["id"]))
        if key in seen:
            problems.append("item %d declares the same %s as item %d (%s)" % (number, res.label, seen[key], "/".join(key)))
            continue
        seen[key] = number
        clean.append((number, params))
    if problems:
        raise ITFlowInputError("itflow_bulk found %d bad item(s); nothing was sent: %s." % (len(problems), "; ".join(problems)))
    return clean


def _check_values(res, params):
    """Check (and convert in place) one item's values the way the module's argument spec and fields would."""
    if "id" in params:
        if isinstance(params["id"], bool):
            raise ITFlowInputError("id must be a whole number (the record's ITFlow id), not a boolean")
        try:
            params["id"] = int(str(params["id"]).strip())
        except ValueError:
            raise ITFlowInputError("id must be a whole number (the record's ITFlow id), not %r" % params["id"])
    for field in res.fields:
        if field.option not in params:
            continue
        if field.kind == "bool":
            try:
                params[field.option] = boolean(params[field.option], strict=True)
            except TypeError:
                raise ITFlowInputError("%s must be true or false, not %r" % (field.option, params[field.option]))
        elif not field.ref:
            field.validate(params[field.option])
        elif isinstance(params[field.option], (dict, list)):
            raise ITFlowInputError("%s must be a name or an id, not a %s" % (field.option, type(params[field.option]).__name__))


def dry_run(client, res, items, lookups, scope_client, rows):
    """Run every item in check mode over the rows read once: anything that would stop an item
    (an unknown or ambiguous reference, two records matching its key, a missing field) stops the
    task here, before the first write, with every bad item named."""
    engine = Engine(client, res, check_mode=True, lookups=lookups, plan_new_refs=False)
    engine.finder.preload(rows)
    problems = []
    for number, item in items:
        try:
            engine.run(dict(item, client=scope_client))
        except ITFlowError as exc:
            problems.append("item %d (%s): %s" % (number, _key_text(res, item), exc))
    if problems:
        raise ITFlowInputError("itflow_bulk found %d bad item(s); nothing was sent: %s" % (len(problems), " ".join(problems)))


def _key_text(res, item):
    return ", ".join("%s=%s" % (k, v) for k, v in sorted(_key(res, item).items()))


def run_bulk(client, res, params, check_mode):
    guard = TaskGuard()  # this client's records of this resource, locked from the read to the verification (_lock.py)
    try:
        return _run_bulk(client, res, params, check_mode, guard)
    finally:
        guard.release()


def _run_bulk(client, res, params, check_mode, guard):
    items = check_items(res, params.get("items"))
    if params.get("purge") and not items:
        # Almost always a variable that came out empty (a typo, a missing vars file), not a wish to
        # remove everything: refuse rather than lose the client's records.
        raise ITFlowInputError("purge=true with an empty items list would remove every %s%s. List the records to keep in items, "
                               "or remove records one at a time with state=absent." % (res.label, " of this client" if res.client_scoped else ""))
    lookups = Lookups(client)
    engine = Engine(client, res, check_mode=check_mode, lookups=lookups)
    scope = {"client": params.get("client")}
    if res.client_scoped and params.get("client") is None and res.client_required:
        raise ITFlowInputError("client is required for %s records." % res.label)
    if not res.client_scoped and params.get("client") is not None and not res.parent:
        raise ITFlowInputError("client does not apply to %s records; leave it out." % res.label)
    client_id = engine.client_id_of(scope) if res.client_scoped else None
    guard.acquire(client, res, client_id, check_mode)
    rows = engine.finder.rows(client_id)
    if not check_mode:
        # In check mode nothing is written, so there is nothing to protect: every item is run and a bad
        # one fails on its own, so that a drift report still shows what every other item would do.
        dry_run(client, res, items, lookups, params.get("client"), rows)
    engine.preload(rows)

    results, matched, warnings = _run_items(engine, res, items, params.get("client"))
    extra = [r for r in rows if str(r.get(res.id_field)) not in matched and not _is_inactive(res, r)]
    if not res.client_scoped and not params.get("purge"):
        # Other clients are not extras of a declaration of some clients: only a purge says the list is complete.
        extra = []
    extra_report = [{"resource": res.name, "id": res.record_id(r), "key": res.display_name(r)} for r in extra]
    if params.get("purge"):
        results.extend(_purge_entry(engine, res, row) for row in extra)

    _verify_pending(engine, client_id, results)
    summary = summarise(res, results, extra_report)
    if warnings:
        summary["warnings"] = warnings
    return summary


def _run_items(engine, res, items, scope_client):
    """Each item through the engine: (result entries, ids of the records they matched, warnings)."""
    results, matched, warnings = [], set(), []
    for number, item in items:
        item = dict(item, client=scope_client)
        entry = {"item": number, "key": _key(res, item)}
        try:
            result = engine.run(item)
        except ITFlowError as exc:
            results.append(_failed(entry, exc))
            continue
        record = result.get(res.name) or {}
        _take_result(entry, result, record.get("id"))
        entry[res.name] = record
        warnings.extend(w for w in result.get("warnings", ()) if w not in warnings)
        if record.get("id") is not None:
            matched.add(str(record["id"]))
        results.append(entry)
    return results, matched, warnings


def _purge_entry(engine, res, row):
    entry = {"item": None, "key": {"id": res.record_id(row), "name": res.display_name(row)}, "purge": True}
    try:
        result = _purge_one(engine, res, row)
    except ITFlowError as exc:
        return _failed(entry, exc)
    return _take_result(entry, result, res.record_id(row))


def _take_result(entry, result, record_id):
    """Copy an engine result into a bulk entry: what it did and found, and its check-mode plan notes."""
    entry.update({"changed": result["changed"], "operation": result["operation"], "drift": result["drift"],
                  "id": record_id, "diff": result.get("diff")})
    for key in ("new_references", "unsupported"):
        if result.get(key):
            entry[key] = result[key]
    return entry


def _failed(entry, exc):
    """A failed entry; a write whose outcome is unknown counts as changed (it may have been applied)."""
    uncertain = bool(getattr(exc, "changed", False))
    entry.update({"changed": uncertain, "operation": "failed", "error": str(exc), "drift": []})
    if uncertain:
        entry["uncertain"] = True
    return entry


def _verify_pending(engine, client_id, results):
    """Read once after the deferred writes and check each; mark the entries whose write failed."""
    writer = engine.writer
    if not writer.pending:
        return
    uncertain = False
    try:
        rows = engine.finder.rows(client_id)
    except ITFlowError as exc:
        errors, uncertain = writer.unverified(exc), True
    else:
        errors = writer.verify_pending(rows)
        # Another controller created the same record meanwhile.
        errors.update(duplicate_errors(engine.finder, rows, writer.created_pending(errors)))
    writer.pending = []
    for entry in results:
        if entry.get("id") is not None and entry["id"] in errors:
            entry.update({"operation": "failed", "error": errors[entry["id"]]})
            if uncertain:
                entry["uncertain"] = True


def _purge_one(engine, res, row):
    """Remove an undeclared record: delete it, or archive it where that is the server's only option."""
    if "delete" in res.ops and not res.purge_archives:
        try:
            return engine.purge(row)
        except ITFlowError as exc:
            if not (res.flag and res.flag["state"] == "archived"):
                raise
            # No delete endpoint (26.08 clients), or one that never succeeds (26.04 clients):
            # archive instead, if the record is still there.
            scope = res.record_client(row) if res.client_scoped else None
            if exc.status != 404 and engine.finder.read_one(res.record_id(row), scope) is None:
                raise
    if res.flag and res.flag["state"] == "archived":
        return engine.flag(row, True)
    raise ITFlowInputError("ITFlow has no way to remove a %s; purge cannot apply." % res.label)


def _is_inactive(res, row):
    return bool(res.flag) and res.flag["test"](row)


def _key(res, item):
    if item.get("id") is not None:
        return {"id": item["id"]}
    return dict((k, item.get(k)) for k in res.natural_key)


def summarise(res, results, extra):
    failed = [r for r in results if r.get("operation") == "failed" or r.get("error")]
    changed = [r for r in results if r.get("changed") and not r.get("error")]
    counts = {}
    for entry in results:
        counts[entry.get("operation") or "none"] = counts.get(entry.get("operation") or "none", 0) + 1
    diffs = []
    for entry in changed:
        diff = entry.pop("diff", None)
        if diff:
            header = "%s %s" % (res.label, "/".join(str(v) for v in entry["key"].values()))
            diffs.append({"before": diff["before"], "after": diff["after"], "before_header": header, "after_header": header})
    for entry in results:
        entry.pop("diff", None)
    return {
        "changed": bool(changed),
        "results": results,
        "counts": counts,
        "extra": extra,
        "failed_items": failed,
        "diff": diffs,
    }
