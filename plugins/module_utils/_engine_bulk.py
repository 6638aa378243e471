# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the engine needs for many records at once (itflow_bulk): rows read once and
indexed by natural key, writes verified together, purges of undeclared records."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils._lock import duplicate_errors


class BulkSupport(object):
    """Mixed into Engine; uses its res, _normalise, _absent, _update, _not_done and _mismatches."""

    def preload(self, rows):
        """Use these rows (one client's records, read once) for every find that follows."""
        res = self.res
        by_key = None
        if not res.quirks.get("candidates") and all(res.field(k).kind != "escaped" for k in res.natural_key):
            by_key = {}
            for row in rows:
                by_key.setdefault(self.key_of_row(row), []).append(row)
        self.preloaded = {"rows": rows, "by_id": dict((str(r.get(res.id_field)), r) for r in rows), "by_key": by_key}

    def key_of_row(self, row):
        return tuple(_folded(self.res.field(k).compare(row.get(self.res.field(k).column))) for k in self.res.natural_key)

    def key_of_params(self, params):
        return tuple(_folded(self.res.field(k).compare(params.get(k))) for k in self.res.natural_key)

    def absent_row(self, row):
        """Delete this record (for purges)."""
        return self._absent(self._normalise(row))

    def flag_row(self, row, on):
        """Archive (or unarchive) this record (for purges where ITFlow cannot delete)."""
        return self._update(self._normalise(row), {}, self.res.flag["state"] if on else "present")

    def verify_pending(self, rows):
        """Check deferred writes against ``rows`` read after them. Returns {record id: error message}."""
        by_id = dict((str(r.get(self.res.id_field)), self._normalise(r)) for r in rows)
        errors = {}
        for op, record_id, values, answer in self.pending:
            row = by_id.get(str(record_id))
            if op == "delete":
                if row is not None:
                    errors[record_id] = str(self._not_done("delete", answer, "the %s still exists" % self.res.label))
                continue
            if row is None:
                errors[record_id] = "ITFlow answered %s/%s.php, but %s %s cannot be read back." % (self.res.module, op, self.res.label, record_id)
                continue
            wrong = self._mismatches(row, values)
            if wrong:
                errors[record_id] = str(self._not_done(op, answer, "%s not as requested" % ", ".join(wrong)))
        created = [(p[1], p[2]) for p in self.pending if p[0] == "create" and p[1] not in errors]
        errors.update(duplicate_errors(self, rows, created))  # another controller created the same record meanwhile
        self.pending = []
        return errors


def _folded(value):
    return value.casefold() if isinstance(value, str) else value
