# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resource engine: find -> diff -> check mode -> write -> verify.

Every resource module hands its parameters to ``Engine.run``; itflow_bulk runs many through
one engine. The engine holds a ``Finder`` (reading and matching, ``_finder.py``) and a
``Writer`` (sending and confirming, ``_writer.py``); what is particular to a resource comes
from its definition (``_resources/``), never from a table here. Only a confirmed change is
reported.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils._errors import (
    ITFlowEndpointMissing,
    ITFlowError,
    ITFlowInputError,
    ITFlowNotFound,
    ITFlowOutcomeUnknown,
    ITFlowVerifyError,
)
from ansible_collections.itflow.itflow.plugins.module_utils._finder import Finder
from ansible_collections.itflow.itflow.plugins.module_utils._lock import RecordGuard
from ansible_collections.itflow.itflow.plugins.module_utils._lookups import Lookups, NewRef, as_id
from ansible_collections.itflow.itflow.plugins.module_utils._registry import RESOURCES
from ansible_collections.itflow.itflow.plugins.module_utils._writer import Writer


class Engine(object):
    """Make one record of one resource match the desired state."""

    def __init__(self, client, resource, check_mode=False, lookups=None, plan_new_refs=None):
        self.client = client
        self.res = resource
        self.check_mode = check_mode
        self.lookups = lookups or Lookups(client)
        self.finder = Finder(client, resource, check_mode)
        self.writer = Writer(client, resource, self.finder)
        self.guard = RecordGuard(client, resource, self.finder)  # lock around find -> create -> verify (_lock.py)
        self.new_refs = []           # check mode: references to records the run would create (NewRef)
        self.unsupported = []        # check mode: operations the real run would need but the server lacks
        # In check mode a missing reference is planned as new; itflow_bulk's dry run before a real run refuses it.
        self.plan_new_refs = check_mode if plan_new_refs is None else plan_new_refs

    # ------------------------------------------------------------------ entry points
    def run(self, params):
        with self.guard.scope(params, active=not self.check_mode and self.finder.preloaded is None):
            return self._run(params)

    def preload(self, rows):
        """itflow_bulk: find among these rows (read once), and verify writes together (``verify_pending``)."""
        self.finder.preload(rows)
        self.writer.defer_verify = True

    def purge(self, row):
        """Remove an undeclared record (itflow_bulk's purge): delete it, or archive it where that is all ITFlow can do."""
        return self._absent(self.finder.normalise(row), verify_now=True)

    def flag(self, row, on):
        """Set or clear the record's flag (archived) now, confirmed."""
        return self._update(self.finder.normalise(row), {}, self.res.flag["state"] if on else "present")

    def _run(self, params):
        self.new_refs = []
        self.unsupported = []
        self.finder.params = params
        res = self.res
        state = params.get("state") or "present"
        res.check_params(params)
        if res.decrypt and not self.client.has_decrypt_password:
            raise ITFlowInputError(
                "ITFlow only reads or writes %s with the API key's decrypt password (shown once when the key was made): set "
                "decrypt_password or ITFLOW_DECRYPT_PASSWORD. Without it ITFlow answers as if there were none, so neither "
                "existing records nor password drift can be checked." % res.plural_label)
        client_id = self.client_id_of(params)
        desired = self.desired(params, client_id)
        self.guard.acquire_record(client_id)
        current = self.finder.find(params, client_id)
        if current is not None and params.get("update_password") == "on_create":
            desired.pop("password", None)
        if state == "absent":
            return self._absent(current)
        if current is None and params.get("id") is not None:
            raise ITFlowNotFound("No %s with id %s is visible to this API key%s." % (
                res.label, params["id"], "" if client_id is None else " in client %s" % client_id),
                hint="Check id and client, or omit id to create it from its %s." % " and ".join(res.natural_key))
        if current is None:
            return self._create(desired, client_id, state)
        return self._update(current, desired, state)

    # ------------------------------------------------------------------ desired state
    def client_id_of(self, params):
        """The client id the params name (None: none given and none needed; 0: a global record)."""
        res = self.res
        if not res.client_scoped:
            # A child record (a ticket reply) has no client of its own; client only helps find the parent.
            if res.parent and params.get("client") is not None:
                return self.ref("client", params["client"], None, "client")
            return None
        value = params.get("client")
        if value is None:
            if params.get("id") is not None:
                return None
            if res.client_required:
                raise ITFlowInputError("client is required to find or create a %s (a client name or id)." % res.label)
            return 0  # a global record (ITFlow's client 0)
        return self.ref("client", value, None, "client")

    def ref(self, kind, value, client_id, option):
        """The id of the record an option names. In check mode a missing one is a NewRef: the run would create it."""
        if isinstance(client_id, NewRef):
            # The client is new: only an id, or a global record (client 0), can be named already.
            if kind != "client" and as_id(value) is not None:
                return self.lookups.ref_id(kind, value, None, option)
            if RESOURCES[kind].global_refs:
                return self._global_or_new(kind, value, option)
            return self._new_ref(kind, value, option)
        try:
            if kind == "client":
                return self.lookups.client_id(value)
            return self.lookups.ref_id(kind, value, client_id, option)
        except ITFlowNotFound:
            if not self.plan_new_refs:
                raise
            return self._new_ref(kind, value, option)

    def _global_or_new(self, kind, value, option):
        try:
            return self.lookups.ref_id(kind, value, 0, option)
        except ITFlowNotFound:
            return self._new_ref(kind, value, option)

    def _new_ref(self, kind, value, option):
        new = NewRef(kind, value, option)
        if new not in self.new_refs:
            self.new_refs.append(new)
        return new

    def desired(self, params, client_id):
        """Validated values to send, keyed by option, for the options the user set."""
        out = {}
        for field in self.res.fields:
            value = params.get(field.option)
            if value is None:
                continue
            if field.ref:
                out[field.option] = self.ref(field.ref, value, client_id, field.option)
            else:
                out[field.option] = field.validate(value)
        for key in self.res.natural_key:
            if params.get("id") is not None:
                continue
            if not str(out.get(key) or "").strip():
                raise ITFlowInputError("%s is required to find or create a %s (or give its id)." % (key, self.res.label))
            if self.res.field(key).compare(out[key]) == "0":
                raise ITFlowInputError("%s cannot be \"0\": ITFlow (PHP) takes it for an empty %s and refuses the %s." % (
                    key, key, self.res.label))
        parent = self.res.parent
        if parent:
            value = params.get(parent["option"])
            if value is None:
                if params.get("id") is None:
                    raise ITFlowInputError("%s is required to find or create a %s." % (parent["option"], self.res.label))
                self.finder.parent_id = None
            else:
                self.finder.parent_id = self.ref(parent["ref"], value, client_id, parent["option"])
        return out

    # ------------------------------------------------------------------ diffing
    def drift(self, current, desired):
        out = []
        for option, value in desired.items():
            field = self.res.field(option)
            if current is None or isinstance(value, NewRef) or not field.same(current.get(field.column), value):
                out.append({"field": option, "current": field.present(current.get(field.column)) if current else None,
                            "desired": _present(field, value)})
        return out

    def view(self, row):
        """A record as a user reads it: options, typed, secrets masked."""
        if row is None:
            return {}
        res = self.res
        out = {"id": int(row[res.id_field])} if row.get(res.id_field) is not None else {}
        if res.client_scoped:
            out["client_id"] = res.record_client(row)
        for field in res.fields:
            out[field.option] = field.present(row.get(field.column))
        out["archived"] = bool(row.get(res.archived_column))
        if res.flag and res.flag["state"] != "archived":
            out[res.flag["state"]] = res.flag["test"](row)
        return out

    def _predicted(self, current, desired):
        view = self.view(current)
        for option, value in desired.items():
            view[option] = _present(self.res.field(option), value)
        return view

    def _result(self, changed, operation, before, after, drift, row):
        result = {
            "changed": changed,
            "operation": operation,
            "drift": drift,
            "diff": {"before": before, "after": after},
            self.res.name: self.view(row) if row is not None else after,
        }
        warnings = [r.warning() for r in self.new_refs] + [u["message"] for u in self.unsupported]
        if self.new_refs:
            result["new_references"] = [{"resource": r.kind, "option": r.option, "value": r.value} for r in self.new_refs]
        if self.unsupported:
            result["unsupported"] = list(self.unsupported)
        if warnings:
            result["warnings"] = warnings
        return result

    def _plan(self, ops):
        """Check mode: note each operation the real run would send that this server has no endpoint for, with the
        message the real run's failure would give (asked without writing: see ITFlowClient.has_endpoint)."""
        if not self.plan_new_refs:
            return  # itflow_bulk's dry run before a real run: the real run meets a missing endpoint itself
        for op in ops:
            if not self.client.has_endpoint(self.res.module, op):
                endpoint = "%s/%s.php" % (self.res.module, op)
                message = self.writer.missing(ITFlowEndpointMissing("", endpoint=endpoint), op).message
                self.unsupported.append({"operation": op, "endpoint": endpoint, "message": message})

    # ------------------------------------------------------------------ states
    def _create(self, desired, client_id, state):
        res, writer = self.res, self.writer
        missing = [o for o in res.create_requires if desired.get(o) in (None, "")]
        if missing:
            raise ITFlowInputError("To create a %s ITFlow needs %s." % (res.label, " and ".join(missing)))
        drift = self.drift(None, desired)
        after = self._predicted(None, desired)
        flag_on = bool(res.flag) and state == res.flag["state"]
        later = dict((k, v) for k, v in desired.items() if not res.field(k).on_create)
        if flag_on:
            after[res.flag["state"]] = True
        if self.check_mode:
            self._plan(["create"] + (["update"] if later else []) + ([res.flag["on"]] if flag_on else []))
            return self._result(True, "create", {}, after, drift, None)
        payload = writer.payload(desired, create=True)
        if res.client_scoped and client_id is not None:
            payload["client_id"] = client_id
        if res.parent:
            payload[res.parent["send"]] = self.finder.parent_id
            # ITFlow 26.08 refuses a key whose user has a client allow list any create without the client:
            # a reply carries its ticket's (ITFlow checks that it matches).
            parent_client = self.lookups.client_of(res.parent["ref"], self.finder.parent_id)
            if parent_client:
                payload["client_id"] = parent_client
        new_id = writer.create(res.prepare_write("create", payload, None, desired), desired, client_id)
        if writer.defer_verify and not later and not flag_on:
            writer.pending.append(("create", new_id, desired, None))
            after["id"] = new_id
            return self._result(True, "create", {}, after, drift, None)
        row = writer.confirm_created(new_id, client_id)
        try:
            if later:
                row = writer.update(row, later)
            if flag_on:
                row = writer.set_flag(row, True)
            writer.verify(row, desired, "create")
        except ITFlowOutcomeUnknown:
            raise
        except ITFlowError as exc:
            raise self._undo_create(row, exc)
        self.guard.check_created(row, client_id)
        res.after_create(self.finder, row, client_id)
        return self._result(True, "create", {}, self.view(row), drift, row)

    def _undo_create(self, row, exc):
        """A create that cannot be completed: delete what it made where ITFlow can, else name it. The error to raise."""
        res = self.res
        record = "%s id %s (%s)" % (res.label, res.record_id(row), res.display_name(row))
        try:
            if "delete" not in res.ops:
                raise ITFlowInputError("no delete")
            self.writer.delete(row)
            note = "The %s this task created was deleted again, so nothing is left behind." % record
        except ITFlowError:
            note = ("The %s this task created is left in ITFlow as it was stored: fix the declaration and re-run (the re-run "
                    "finds it), or remove it in ITFlow." % record)
        error = ITFlowVerifyError if isinstance(exc, ITFlowVerifyError) else type(exc)
        try:
            return error("%s %s" % (exc.message, note), endpoint=exc.endpoint, status=exc.status,
                         server_message=exc.server_message, hint=exc.hint)
        except TypeError:
            return ITFlowVerifyError("%s %s" % (exc.message, note), endpoint=exc.endpoint, status=exc.status, hint=exc.hint)

    def _update(self, current, desired, state):
        res = self.res
        drift = self.drift(current, desired)
        changes = dict((d["field"], desired[d["field"]]) for d in drift)
        flag = res.flag
        want_flag = bool(flag) and state == flag["state"]
        flag_change = bool(flag) and flag["test"](current) != want_flag
        if flag_change and not want_flag and not flag["off"]:
            flag_change = False  # e.g. a resolved ticket: ITFlow has no way back; present leaves it as it is
        if not changes and not flag_change:
            return self._result(False, "none", self.view(current), self.view(current), [], current)
        before = self.view(current)
        after = self._predicted(current, changes)
        ops = []
        if flag_change:
            after[flag["state"]] = want_flag
            drift.append({"field": flag["state"], "current": not want_flag, "desired": want_flag})
            if not want_flag:
                ops.append(flag["off"])
        if changes:
            ops.append("update")
        if flag_change and want_flag:
            ops.append(flag["on"])
        if self.check_mode:
            self._plan(ops)
            return self._result(True, "+".join(ops), before, after, drift, None)
        row = current
        if flag_change and not want_flag:
            row = self.writer.set_flag(row, False)
        if changes:
            row = self.writer.update(row, changes, desired)
        if flag_change and want_flag:
            row = self.writer.set_flag(row, True)
        return self._result(True, "+".join(ops), before, self.view(row), drift, row)

    def _absent(self, current, verify_now=False):
        res = self.res
        if current is None:
            return self._result(False, "none", {}, {}, [], None)
        before = self.view(current)
        drift = [{"field": "exists", "current": True, "desired": False}]
        if self.check_mode:
            self._plan(["delete"])
            result = self._result(True, "delete", before, {}, drift, None)
            result[res.name] = before  # as a real run returns it: the record as it was
            return result
        deferred = self.writer.defer_verify
        self.writer.defer_verify = deferred and not verify_now
        try:
            self.writer.delete(current)
        finally:
            self.writer.defer_verify = deferred
        result = self._result(True, "delete", before, {}, drift, None)
        result[res.name] = before
        return result


def _present(field, value):
    """A desired value as a user reads it; a reference to a record the run would create shows as "Name (new)"."""
    return str(value) if isinstance(value, NewRef) else field.present(value)
