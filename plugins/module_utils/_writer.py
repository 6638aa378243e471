# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sending writes to ITFlow and confirming them by reading back.

ITFlow answers failure to some successful writes (asset delete, IP-only asset updates) and
success to some failed ones, so no answer is trusted: every write is confirmed by reading the
record back. A write is sent once, never again: after an unclear answer (a dropped connection,
an empty HTTP 500) the record is looked for, and what is found is reported. When the read-back
itself fails, the write may have been applied: that is reported as such (ITFlowOutcomeUnknown,
which counts as a change), never as "not done".
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils._errors import (
    UNCERTAIN_WRITE,
    ITFlowAmbiguous,
    ITFlowEndpointMissing,
    ITFlowError,
    ITFlowInputError,
    ITFlowOutcomeUnknown,
    ITFlowServerError,
    ITFlowVerifyError,
    ITFlowWriteFailed,
)
from ansible_collections.itflow.itflow.plugins.module_utils._finder import CHECK_MODE_HINT


class Writer(object):
    """Writes of one resource: create, update, delete and flags, each confirmed."""

    def __init__(self, client, resource, finder):
        self.client = client
        self.res = resource
        self.finder = finder
        self.defer_verify = False    # itflow_bulk: verify every write together by one read at the end
        self.pending = []            # (op, record id, values, answer) awaiting verification

    # ------------------------------------------------------------------ building bodies
    def payload(self, values, create=False):
        out = {}
        for option, value in values.items():
            field = self.res.field(option)
            if create and not field.on_create:
                continue
            out[field.send] = value
        return out

    def _with_ids(self, row, payload=None):
        res = self.res
        payload = dict(payload or {})
        payload[res.id_field] = res.record_id(row)
        client_id = res.write_client_id(row)
        if client_id is not None:
            payload["client_id"] = client_id
        return payload

    def _scope(self, row):
        return self.res.record_client(row) if self.res.client_scoped else None

    # ------------------------------------------------------------------ sending
    def send(self, op, payload):
        """POST once. Returns None on success, or the exception that leaves the outcome open."""
        try:
            self.client.write(self.res.module, op, payload, decrypt=self.res.decrypt and op in ("create", "update"))
            return None
        except ITFlowEndpointMissing as exc:
            raise self.missing(exc, op)
        except ITFlowWriteFailed as exc:
            return exc
        except UNCERTAIN_WRITE as exc:
            return exc

    def missing(self, exc, op):
        text = "This ITFlow server has no %s endpoint, so it cannot %s a %s" % (exc.endpoint, op, self.res.label)
        explain = self.res.explain(op)
        if explain:
            text = "%s (%s)" % (text, explain)
        return ITFlowEndpointMissing(text + ".", endpoint=exc.endpoint, status=404, hint=CHECK_MODE_HINT)

    def not_done(self, op, answer, what):
        endpoint = "%s/%s.php" % (self.res.module, op)
        explain = self.res.explain(op)
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

    def outcome_unknown(self, op, what, exc, known=False):
        """The write was sent; reading back failed. ``known``: ITFlow's answer already said it was applied."""
        endpoint = "%s/%s.php" % (self.res.module, op)
        applied = "ITFlow said it applied it" if known else "it may have been applied"
        return ITFlowOutcomeUnknown(
            "%s was sent to ITFlow for %s and %s, but reading back to confirm failed: %s Re-run the task: it finds the %s "
            "and reconciles it without creating it twice." % (endpoint, what, applied, exc, self.res.label),
            endpoint=endpoint, status=getattr(exc, "status", None))

    def read_back(self, op, record_id, scope, what, known=False):
        try:
            return self.finder.read_one(record_id, scope)
        except ITFlowInputError:
            raise
        except ITFlowError as exc:
            raise self.outcome_unknown(op, what, exc, known=known)

    # ------------------------------------------------------------------ create
    def create(self, payload, desired, client_id):
        """Send a create once; the new record's id. After an unclear answer, look for what landed."""
        res = self.res
        try:
            envelope = self.client.write(res.module, "create", payload, decrypt=res.decrypt)
            return int(envelope["data"][0]["insert_id"])
        except ITFlowEndpointMissing as exc:
            raise self.missing(exc, "create")
        except (KeyError, IndexError, TypeError, ValueError):
            answer = None
        except UNCERTAIN_WRITE as exc:
            answer = exc
        except ITFlowWriteFailed as exc:
            raise ITFlowWriteFailed(
                "%s (ITFlow gives no cause: a required field missing, a duplicate such as a contact e-mail already used in "
                "this client, or a parent outside the key's reach)." % exc.message, endpoint=exc.endpoint,
                server_message=exc.server_message)
        # Nothing matched the natural key before (else there would be no create), so a match
        # now is the record this very request created. The create is never sent again.
        what = "the %s %s" % (res.label, self.finder.key_text(desired))
        try:
            landed = self.finder.matching_ids(self.finder.key_rows(desired, client_id), desired)
        except ITFlowError as exc:
            raise self.outcome_unknown("create", what, exc)
        if len(landed) == 1:
            return landed[0]
        if len(landed) > 1:
            raise ITFlowAmbiguous("After an unclear answer from %s/create.php, %d new matching records exist: %s." % (
                res.module, len(landed), ", ".join(str(i) for i in landed)))
        raise self.not_done("create", answer, "no new %s (it was sent once and not again; a re-run sends it anew)" % res.label)

    def confirm_created(self, new_id, client_id):
        res = self.res
        what = "the new %s (id %s)" % (res.label, new_id)
        row = self.read_back("create", new_id, None if res.list_for_one else client_id, what, known=True)
        if row is None:
            raise ITFlowVerifyError("ITFlow answered %s/create.php with id %s, but no such %s can be read back." % (
                res.module, new_id, res.label))
        if res.client_scoped and client_id is not None and res.record_client(row) != client_id:
            raise ITFlowVerifyError(
                "ITFlow created %s %s in client %s, not in client %s as asked: an ITFlow key scoped to one client (before "
                "26.08) writes every record into its own client. Use a key for all clients, or the key of client %s." % (
                    res.label, new_id, res.record_client(row), client_id, client_id))
        return row

    # ------------------------------------------------------------------ update, delete, flags
    def update(self, current, changes, desired=None):
        res = self.res
        res.check_update(current, changes)
        payload = self._with_ids(current)
        for option in res.carry:
            if option not in changes:
                field = res.field(option)
                if desired and option in desired:
                    # The declared value, which matches the stored one: unescaping ITFlow's stored document
                    # name can go a level too far (a declared "\\fs01\new" would lose a backslash and gain a newline).
                    payload[field.send] = desired[option]
                else:
                    payload[field.send] = field.carry(current.get(field.column))
        payload.update(self.payload(changes))
        payload = res.prepare_write("update", payload, current, changes)
        record_id = res.record_id(current)
        answer = self.send("update", payload)
        if self.defer_verify:
            self.pending.append(("update", record_id, changes, answer))
            merged = dict(current)
            for option, value in changes.items():
                merged[res.field(option).column] = value
            return merged
        row = self.read_back("update", record_id, self._scope(current), "%s %s" % (res.label, record_id))
        if row is None:
            raise self.not_done("update", answer, "the %s is gone" % res.label)
        wrong = self.mismatches(row, changes)
        if wrong:
            raise self.not_done("update", answer, "%s not as requested" % ", ".join(wrong))
        return row

    def delete(self, current):
        res = self.res
        record_id = res.record_id(current)
        answer = self.send("delete", self._with_ids(current))
        if self.defer_verify:
            self.pending.append(("delete", record_id, None, answer))
        elif self.read_back("delete", record_id, self._scope(current), "%s %s" % (res.label, record_id)) is not None:
            raise self.not_done("delete", answer, "the %s still exists" % res.label)

    def set_flag(self, row, on):
        res = self.res
        flag = res.flag
        op = flag["on"] if on else flag["off"]
        record_id = res.record_id(row)
        answer = self.send(op, self._with_ids(row))
        after = self.read_back(op, record_id, self._scope(row), "%s %s" % (res.label, record_id))
        if after is None or flag["test"](after) != on:
            raise self.not_done(op, answer, "the %s is %s%s" % (res.label, "not " if on else "still ", flag["state"]))
        return after

    # ------------------------------------------------------------------ verifying
    def mismatches(self, row, desired):
        return [o for o, v in desired.items() if not self.res.field(o).same(row.get(self.res.field(o).column), v)]

    def verify(self, row, desired, op):
        wrong = self.mismatches(row, desired)
        if wrong:
            raise ITFlowVerifyError(
                "ITFlow answered %s/%s.php with success, but reading back shows %s not as requested (id %s)." % (
                    self.res.module, op, ", ".join(wrong), self.res.record_id(row)),
                hint=_sentence(self.res.explain("verify")) or "ITFlow may not store these fields through its API.")

    def verify_pending(self, rows):
        """Check deferred writes against ``rows`` read after them. Returns {record id: error message}."""
        res = self.res
        by_id = dict((str(r.get(res.id_field)), self.finder.normalise(r)) for r in rows)
        errors = {}
        for op, record_id, values, answer in self.pending:
            row = by_id.get(str(record_id))
            if op == "delete":
                if row is not None:
                    errors[record_id] = str(self.not_done("delete", answer, "the %s still exists" % res.label))
            elif row is None:
                errors[record_id] = "ITFlow answered %s/%s.php, but %s %s cannot be read back." % (res.module, op, res.label, record_id)
            else:
                wrong = self.mismatches(row, values)
                if wrong:
                    errors[record_id] = str(self.not_done(op, answer, "%s not as requested" % ", ".join(wrong)))
        return errors

    def unverified(self, exc):
        """The deferred writes could not be read back: {record id: message} saying they may have been applied."""
        errors = {}
        for op, record_id, _values, _answer in self.pending:
            errors[record_id] = str(self.outcome_unknown(op, "%s %s" % (self.res.label, record_id), exc))
        return errors

    def created_pending(self, failed):
        """(id, values) of the deferred creates that did not fail."""
        return [(p[1], p[2]) for p in self.pending if p[0] == "create" and p[1] not in failed]


def _sentence(text):
    """An explanation as a sentence of its own: capitalised, with a full stop."""
    if not text:
        return text
    return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")
