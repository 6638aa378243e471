# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resource engine: find -> diff -> check mode -> write -> verify.

Every resource module hands its parameters to ``Engine.run``. The engine trusts no
write answer: ITFlow answers failure on some successes (asset delete, IP-only asset
updates) and success on some failures, so every write is confirmed by reading the
record back, and only a confirmed change is reported.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils._errors import (
    UNCERTAIN_WRITE,
    ITFlowAmbiguous,
    ITFlowEndpointMissing,
    ITFlowError,
    ITFlowInputError,
    ITFlowNotFound,
    ITFlowServerError,
    ITFlowVerifyError,
    ITFlowWriteFailed,
)
from ansible_collections.itflow.itflow.plugins.module_utils._engine_bulk import BulkSupport
from ansible_collections.itflow.itflow.plugins.module_utils._lock import RecordGuard
from ansible_collections.itflow.itflow.plugins.module_utils._lookups import Lookups

CHECK_MODE_HINT = "Check mode (--check --diff) still reports this drift without writing."


class Engine(BulkSupport):
    """Make one record of one resource match the desired state."""

    def __init__(self, client, resource, check_mode=False, lookups=None):
        self.client = client
        self.res = resource
        self.check_mode = check_mode
        self.lookups = lookups or Lookups(client)
        self.parent_id = None
        # Bulk use: rows read once for many records, and writes verified together at the end.
        self.preloaded = None        # {"rows": [...], "by_id": {...}, "by_key": {...} or None}
        self.defer_verify = False
        self.pending = []            # (op, record id, values, answer) awaiting verification
        self.guard = RecordGuard(self)  # concurrency: lock around find -> create -> verify, duplicate check (_lock.py)

    # ------------------------------------------------------------------ entry point
    def run(self, params):
        with self.guard.scope(params):
            return self._run(params)

    def _run(self, params):
        res = self.res
        state = params.get("state") or "present"
        check = res.quirks.get("check")
        if check:
            check(params)
        if res.decrypt and not self.client.has_decrypt_password:
            raise ITFlowInputError(
                "ITFlow only reads or writes %ss with the API key's decrypt password (shown once when the key was made): set "
                "decrypt_password or ITFLOW_DECRYPT_PASSWORD. Without it ITFlow answers as if there were none, so neither "
                "existing records nor password drift can be checked." % res.label)
        client_id = self._client_id(params)
        desired = self.desired(params, client_id)
        self.guard.acquire_record(client_id)
        current = self.find(params, client_id)
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
    def _client_id(self, params):
        res = self.res
        if not res.client_scoped:
            # A child record (a ticket reply) has no client of its own; client only helps find the parent.
            if res.quirks.get("parent") and params.get("client") is not None:
                return self.lookups.client_id(params["client"])
            return None
        value = params.get("client")
        if value is None:
            if params.get("id") is not None:
                return None
            if res.client_required:
                raise ITFlowInputError("client is required to find or create a %s (a client name or id)." % res.label)
            return 0  # a global record (ITFlow's client 0)
        return self.lookups.client_id(value)

    def desired(self, params, client_id):
        """Validated values to send, keyed by option, for the options the user set."""
        out = {}
        for field in self.res.fields:
            value = params.get(field.option)
            if value is None:
                continue
            if field.ref:
                out[field.option] = self.lookups.ref_id(field.ref, value, client_id, field.option)
            else:
                out[field.option] = field.validate(value)
        for key in self.res.natural_key:
            if params.get("id") is None and not str(out.get(key) or "").strip():
                raise ITFlowInputError("%s is required to find or create a %s (or give its id)." % (key, self.res.label))
        parent = self.res.quirks.get("parent")
        if parent:
            value = params.get(parent["option"])
            if value is None:
                if params.get("id") is None:
                    raise ITFlowInputError("%s is required to find or create a %s." % (parent["option"], self.res.label))
                self.parent_id = None
            else:
                self.parent_id = self.lookups.ref_id(parent["ref"], value, client_id, parent["option"])
        return out

    # ------------------------------------------------------------------ finding
    def rows(self, client_id):
        """Every record of this resource in the client (ITFlow does not filter by client: we do)."""
        res = self.res
        filters = {}
        if res.client_scoped and client_id is not None:
            filters["client_id"] = client_id  # honoured by pre-26.08 all-client keys, ignored by 26.08: filtered below
        parent = res.quirks.get("parent")
        if parent:
            filters[parent["filter"]] = self.parent_id
        try:
            rows = self.client.read(res.module, filters, decrypt=res.decrypt)
        except ITFlowEndpointMissing as exc:
            if self.check_mode:
                return []  # report the drift as a server with the endpoint would
            raise ITFlowEndpointMissing("%s ITFlow cannot read %ss here." % (exc.message, res.label), endpoint=exc.endpoint,
                                        status=404, hint=" ".join(h for h in (exc.hint, CHECK_MODE_HINT) if h))
        if res.client_scoped and client_id is not None:
            rows = [r for r in rows if res.record_client(r) == client_id]
        return rows

    def read_one(self, record_id, client_id):
        res = self.res
        if res.list_for_one:
            rows = self.client.read(res.module, {}, decrypt=res.decrypt) if client_id is None else self.rows(client_id)
        else:
            rows = self.client.read(res.module, {res.id_field: record_id}, paged=False, decrypt=res.decrypt)
        for row in rows:
            if str(row.get(res.id_field)) == str(record_id):
                return self._normalise(row)
        return None

    def find(self, params, client_id):
        res = self.res
        if params.get("id") is not None and self.preloaded is not None:
            row = self.preloaded["by_id"].get(str(params["id"]))
            return self._normalise(row) if row is not None else None
        if params.get("id") is not None:
            row = self.read_one(params["id"], client_id)
            if row is not None and client_id is not None and res.record_client(row) != client_id:
                raise ITFlowInputError("%s id %s belongs to client %s, not to the client given (%s)." % (
                    res.label, params["id"], res.record_client(row), client_id))
            return row
        candidates = res.quirks.get("candidates")
        if self.preloaded is not None and self.preloaded["by_key"] is not None:
            matches = list(self.preloaded["by_key"].get(self.key_of_params(params), []))
        else:
            rows = self.preloaded["rows"] if self.preloaded is not None else self.rows(client_id)
            if candidates:
                rows = candidates(self, [self._normalise(r) for r in rows], params)
            matches = self.matches(rows, params)
        if len(matches) > 1:
            raise ITFlowAmbiguous(
                "%d %s records match %s; ITFlow does not keep names unique. Candidate ids: %s." % (
                    len(matches), res.label, self._key_text(params), ", ".join(str(res.record_id(r)) for r in matches)),
                hint="Give id to pick one.")
        if not matches:
            return None
        return matches[0] if candidates else self._normalise(matches[0])

    def matches(self, rows, params):
        keys = [(self.res.field(k), params.get(k)) for k in self.res.natural_key]
        found = []
        for row in rows:
            if all(f.same(row.get(f.column), v, fold=True) for f, v in keys):
                found.append(row)
        return found

    def _key_text(self, params):
        return " and ".join("%s=%r" % (k, params.get(k)) for k in self.res.natural_key)

    def _normalise(self, row):
        hook = self.res.quirks.get("normalise_row")
        return hook(row) if hook else row

    # ------------------------------------------------------------------ diffing
    def drift(self, current, desired):
        out = []
        for option, value in desired.items():
            field = self.res.field(option)
            if current is None or not field.same(current.get(field.column), value):
                out.append({"field": option, "current": field.present(current.get(field.column)) if current else None,
                            "desired": field.present(value)})
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
            view[option] = self.res.field(option).present(value)
        return view

    def _result(self, changed, operation, before, after, drift, row):
        return {
            "changed": changed,
            "operation": operation,
            "drift": drift,
            "diff": {"before": before, "after": after},
            self.res.name: self.view(row) if row is not None else after,
        }

    # ------------------------------------------------------------------ states
    def _create(self, desired, client_id, state):
        res = self.res
        missing = [o for o in res.quirks.get("create_requires", ()) if desired.get(o) in (None, "")]
        if missing:
            raise ITFlowInputError("To create a %s ITFlow needs %s." % (res.label, " and ".join(missing)))
        drift = self.drift(None, desired)
        after = self._predicted(None, desired)
        flag = res.flag
        if flag and state == flag["state"]:
            after[flag["state"]] = True
        if self.check_mode:
            return self._result(True, "create", {}, after, drift, None)
        payload = self._payload(desired, create=True)
        if res.client_scoped and client_id is not None:
            payload["client_id"] = client_id
        parent = res.quirks.get("parent")
        if parent:
            payload[parent["send"]] = self.parent_id
        payload = self._prepare("create", payload, None, desired)
        new_id = self._send_create(payload, desired, client_id)
        later = dict((k, v) for k, v in desired.items() if not res.field(k).on_create)
        if self.defer_verify and not later and not (flag and state == flag["state"]):
            self.pending.append(("create", new_id, desired, None))
            after["id"] = new_id
            return self._result(True, "create", {}, after, drift, None)
        row = self.read_one(new_id, None if res.list_for_one else client_id)
        if row is None:
            raise ITFlowVerifyError("ITFlow answered %s/create.php with id %s, but no such %s can be read back." % (res.module, new_id, res.label))
        if res.client_scoped and client_id is not None and res.record_client(row) != client_id:
            raise ITFlowVerifyError(
                "ITFlow created %s %s in client %s, not in client %s as asked: an ITFlow key scoped to one client (before "
                "26.08) writes every record into its own client. Use a key for all clients, or the key of client %s." % (
                    res.label, new_id, res.record_client(row), client_id, client_id))
        if later:
            row = self._send_update(row, later)
        if flag and state == flag["state"]:
            row = self._set_flag(row, True)
        self._verify(row, desired, "create")
        self.guard.check_created(row, client_id)
        return self._result(True, "create", {}, self.view(row), drift, row)

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
        operation = "+".join(ops)
        if self.check_mode:
            return self._result(True, operation, before, after, drift, None)
        row = current
        if flag_change and not want_flag:
            row = self._set_flag(row, False)
        if changes:
            row = self._send_update(row, changes, desired)
        if flag_change and want_flag:
            row = self._set_flag(row, True)
        return self._result(True, operation, before, self.view(row), drift, row)

    def _absent(self, current):
        res = self.res
        if current is None:
            return self._result(False, "none", {}, {}, [], None)
        before = self.view(current)
        drift = [{"field": "exists", "current": True, "desired": False}]
        if self.check_mode:
            return self._result(True, "delete", before, {}, drift, None)
        record_id = res.record_id(current)
        payload = {res.id_field: record_id}
        client_id = self._write_client(current)
        if client_id is not None:
            payload["client_id"] = client_id
        answer = self._send("delete", payload)
        if self.defer_verify:
            self.pending.append(("delete", record_id, None, answer))
        elif self.read_one(record_id, res.record_client(current) if res.client_scoped else None) is not None:
            raise self._not_done("delete", answer, "the %s still exists" % res.label)
        result = self._result(True, "delete", before, {}, drift, None)
        result[res.name] = before
        return result

    # ------------------------------------------------------------------ writing
    def _payload(self, values, create=False):
        out = {}
        for option, value in values.items():
            field = self.res.field(option)
            if create and not field.on_create:
                continue
            out[field.send] = value
        return out

    def _write_client(self, row):
        if self.res.quirks.get("self_client_id"):
            return self.res.record_id(row)
        if not self.res.client_scoped:
            return None
        return self.res.record_client(row)

    def _send(self, op, payload):
        """POST once. Returns None on success, or the exception that leaves the outcome open."""
        try:
            self.client.write(self.res.module, op, payload, decrypt=self.res.decrypt and op in ("create", "update"))
            return None
        except ITFlowEndpointMissing as exc:
            raise self._missing(exc, op)
        except ITFlowWriteFailed as exc:
            return exc
        except UNCERTAIN_WRITE as exc:
            return exc

    def _missing(self, exc, op):
        text = "This ITFlow server has no %s endpoint, so it cannot %s a %s" % (exc.endpoint, op, self.res.label)
        explain = self.res.quirks.get("explain", {}).get(op)
        if explain:
            text = "%s (%s)" % (text, explain)
        return ITFlowEndpointMissing(text + ".", endpoint=exc.endpoint, status=404, hint=CHECK_MODE_HINT)

    def _not_done(self, op, answer, what):
        endpoint = "%s/%s.php" % (self.res.module, op)
        explain = self.res.quirks.get("explain", {}).get(op)
        if explain:
            what = "%s (%s)" % (what, explain)
        if isinstance(answer, ITFlowServerError) and answer.status == 500:
            return ITFlowServerError(
                "%s Reading back shows %s. This ITFlow build's %s fails for this request." % (answer.message, what, endpoint),
                endpoint=endpoint, status=answer.status, hint=CHECK_MODE_HINT)
        if isinstance(answer, ITFlowError):
            return ITFlowWriteFailed("%s Reading back shows %s." % (answer.message, what), endpoint=endpoint,
                                     status=answer.status, server_message=answer.server_message, hint=answer.hint or CHECK_MODE_HINT)
        return ITFlowVerifyError("ITFlow answered success on %s, but reading back shows %s." % (endpoint, what), endpoint=endpoint,
                                 hint=CHECK_MODE_HINT)

    def _send_create(self, payload, desired, client_id):
        res = self.res
        attempts = 2  # a second try only after reading back proves the first did not land
        answer = None
        for _attempt in range(attempts):
            try:
                envelope = self.client.write(res.module, "create", payload, decrypt=res.decrypt)
                return int(envelope["data"][0]["insert_id"])
            except ITFlowEndpointMissing as exc:
                raise self._missing(exc, "create")
            except (KeyError, IndexError, TypeError, ValueError):
                answer = None
            except UNCERTAIN_WRITE as exc:
                answer = exc
            except ITFlowWriteFailed as exc:
                raise ITFlowWriteFailed(
                    "%s (ITFlow gives no cause: a required field missing, a duplicate such as a contact e-mail already used in "
                    "this client, or a parent outside the key's reach)." % exc.message, endpoint=exc.endpoint,
                    server_message=exc.server_message)
            # Nothing matched the natural key before (else there would be no create), so
            # a match now is the record this very request created.
            landed = [res.record_id(r) for r in self.matches(self.rows(client_id), desired)]
            if len(landed) == 1:
                return landed[0]
            if len(landed) > 1:
                raise ITFlowAmbiguous("After an unclear answer from %s/create.php, %d new matching records exist: %s." % (
                    res.module, len(landed), ", ".join(str(i) for i in landed)))
            if not isinstance(answer, UNCERTAIN_WRITE):
                break
        raise self._not_done("create", answer, "no new %s" % res.label)

    def _send_update(self, current, changes, desired=None):
        res = self.res
        record_id = res.record_id(current)
        payload = {res.id_field: record_id}
        client_id = self._write_client(current)
        if client_id is not None:
            payload["client_id"] = client_id
        self._check_carry(current, changes)
        for option in res.carry:
            if option not in changes:
                field = res.field(option)
                if desired and option in desired:
                    # The declared value, which matches the stored one: unescaping ITFlow's stored document
                    # name can go a level too far (a declared "\\fs01\new" would lose a backslash and gain a newline).
                    payload[field.send] = desired[option]
                else:
                    payload[field.send] = field.carry(current.get(field.column))
        payload.update(self._payload(changes))
        payload = self._prepare("update", payload, current, changes)
        answer = self._send("update", payload)
        if self.defer_verify:
            self.pending.append(("update", record_id, changes, answer))
            merged = dict(current)
            for option, value in changes.items():
                merged[res.field(option).column] = value
            return merged
        row = self.read_one(record_id, res.record_client(current) if res.client_scoped else None)
        if row is None:
            raise self._not_done("update", answer, "the %s is gone" % res.label)
        wrong = self._mismatches(row, changes)
        if wrong:
            raise self._not_done("update", answer, "%s not as requested" % ", ".join(wrong))
        return row

    def _prepare(self, op, payload, current, values):
        """Let the resource record adjust a write body (quirks["prepare"]); it may raise ITFlowInputError."""
        hook = self.res.quirks.get("prepare")
        return hook(op, payload, current, values) if hook else payload

    def _check_carry(self, current, changes):
        if self.res.quirks.get("interface") and current.get("interface_id") is None:
            wanted = [o for o in ("ip", "mac", "network") if o in changes and changes[o] not in ("", 0)]
            if wanted:
                raise ITFlowInputError(
                    "This asset has no primary interface row in ITFlow (it was removed, for example by a delete with the wrong "
                    "client), and ITFlow's API cannot recreate it, so %s cannot be set. Add an interface in ITFlow's web "
                    "interface first." % ", ".join(wanted))

    def _set_flag(self, row, on):
        res = self.res
        flag = res.flag
        op = flag["on"] if on else flag["off"]
        payload = {res.id_field: res.record_id(row)}
        client_id = self._write_client(row)
        if client_id is not None:
            payload["client_id"] = client_id
        answer = self._send(op, payload)
        after = self.read_one(res.record_id(row), res.record_client(row) if res.client_scoped else None)
        if after is None or flag["test"](after) != on:
            raise self._not_done(op, answer, "the %s is %s%s" % (res.label, "not " if on else "still ", flag["state"]))
        return after

    def _mismatches(self, row, desired):
        wrong = []
        for option, value in desired.items():
            field = self.res.field(option)
            if not field.same(row.get(field.column), value):
                wrong.append(option)
        return wrong

    def _verify(self, row, desired, op):
        wrong = self._mismatches(row, desired)
        if wrong:
            raise ITFlowVerifyError(
                "ITFlow answered %s/%s.php with success, but reading back shows %s not as requested (id %s)." % (
                    self.res.module, op, ", ".join(wrong), self.res.record_id(row)),
                hint=self.res.quirks.get("explain", {}).get("verify") or "ITFlow may not store these fields through its API.")
