# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Finding the record a task declares: by id, or by its natural key among the client's records.

ITFlow keeps no natural key unique and ignores client_id as a read filter (26.08), so the
rows are filtered by client here, and names are compared as ITFlow's collation does (without
regard to case). itflow_bulk gives the finder the rows it read once (``preload``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowAmbiguous, ITFlowEndpointMissing, ITFlowInputError
from ansible_collections.itflow.itflow.plugins.module_utils._lookups import NewRef

CHECK_MODE_HINT = "Check mode (--check --diff) still reports this drift without writing."


class Finder(object):
    """Reads and matches the records of one resource."""

    def __init__(self, client, resource, check_mode=False):
        self.client = client
        self.res = resource
        self.check_mode = check_mode
        self.parent_id = None        # ticket replies: the ticket they belong to
        self.preloaded = None        # {"rows": [...], "by_id": {...}, "by_key": {...} or None}
        self.params = {}             # the task's options (a definition's key_rows may read its own, e.g. credential_index)

    # ------------------------------------------------------------------ reading
    def rows(self, client_id):
        """Every record of this resource in the client (ITFlow does not filter by client: we do)."""
        res = self.res
        if isinstance(client_id, NewRef) or isinstance(self.parent_id, NewRef):
            return []  # check mode: a client (or ticket) the run would create holds nothing yet
        filters = {}
        if res.client_scoped and client_id is not None:
            filters["client_id"] = client_id  # honoured by pre-26.08 all-client keys, ignored by 26.08: filtered below
        if res.parent:
            filters[res.parent["filter"]] = self.parent_id
        try:
            rows = self.client.read(res.module, filters, decrypt=res.decrypt)
        except ITFlowEndpointMissing as exc:
            if self.check_mode:
                return []  # report the drift as a server with the endpoint would
            raise ITFlowEndpointMissing("%s ITFlow cannot read %s here." % (exc.message, res.plural_label), endpoint=exc.endpoint,
                                        status=404, hint=" ".join(h for h in (exc.hint, CHECK_MODE_HINT) if h))
        if res.client_scoped and client_id is not None:
            rows = [r for r in rows if res.record_client(r) == client_id]
        res.after_list(self, rows, client_id)
        return rows

    def filtered(self, filters, client_id):
        """The client's rows that ITFlow's read filter returns (client filtered here: ITFlow 26.08 ignores it)."""
        res = self.res
        if isinstance(client_id, NewRef):
            return []
        rows = self.client.read(res.module, filters, decrypt=res.decrypt)
        if res.client_scoped and client_id is not None:
            rows = [r for r in rows if res.record_client(r) == client_id]
        return rows

    def read_one(self, record_id, client_id):
        """The record with this id, normalised, or None."""
        row = self.read_by_id(record_id, client_id)
        return None if row is None else self.normalise(row)

    def read_by_id(self, record_id, client_id):
        """The raw row with this id (ITFlow's read by id, or the list where that lacks columns), or None."""
        res = self.res
        if res.list_for_one:
            rows = self.client.read(res.module, {}, decrypt=res.decrypt) if client_id is None else self.rows(client_id)
        else:
            rows = self.client.read(res.module, {res.id_field: record_id}, paged=False, decrypt=res.decrypt)
        for row in rows:
            if str(row.get(res.id_field)) == str(record_id):
                return row
        return None

    def normalise(self, row):
        return self.res.normalise_row(row)

    # ------------------------------------------------------------------ matching
    def matches(self, rows, params):
        keys = [(self.res.field(k), params.get(k)) for k in self.res.natural_key]
        return [row for row in rows if all(f.same(row.get(f.column), v, fold=True) for f, v in keys)]

    def narrowed(self, rows, params):
        """The rows the natural key is matched among (all, or what the resource narrows them to), normalised."""
        if self.res.narrows_candidates:
            return self.res.candidates([self.normalise(r) for r in rows], params, self.matches)
        return rows

    def matching_ids(self, rows, params):
        """Ids of the rows the natural key in ``params`` matches, exactly as find matches them."""
        return [self.res.record_id(r) for r in self.matches(self.narrowed(rows, params), params)]

    def key_text(self, params):
        return " and ".join("%s=%r" % (k, params.get(k)) for k in self.res.natural_key)

    def key_of_row(self, row):
        return tuple(_folded(self.res.field(k).compare(row.get(self.res.field(k).column))) for k in self.res.natural_key)

    def key_of_params(self, params):
        return tuple(_folded(self.res.field(k).compare(params.get(k))) for k in self.res.natural_key)

    # ------------------------------------------------------------------ finding
    def preload(self, rows):
        """Use these rows (one client's records, read once) for every find that follows (itflow_bulk)."""
        res = self.res
        by_key = None
        if not res.narrows_candidates and all(res.field(k).kind != "escaped" for k in res.natural_key):
            by_key = {}
            for row in rows:
                by_key.setdefault(self.key_of_row(row), []).append(row)
        self.preloaded = {"rows": rows, "by_id": dict((str(r.get(res.id_field)), r) for r in rows), "by_key": by_key}

    def find(self, params, client_id):
        """The record the params declare (normalised), None when there is none; ambiguity is an error."""
        res = self.res
        if params.get("id") is not None:
            return self._find_by_id(params["id"], client_id)
        if self.preloaded is not None and self.preloaded["by_key"] is not None:
            matches = [self.normalise(r) for r in self.preloaded["by_key"].get(self.key_of_params(params), [])]
        else:
            rows = self.preloaded["rows"] if self.preloaded is not None else self.key_rows(params, client_id)
            matches = [r if res.narrows_candidates else self.normalise(r) for r in self.matches(self.narrowed(rows, params), params)]
        if len(matches) > 1:
            raise ITFlowAmbiguous(
                "%d %s records match %s; ITFlow does not keep names unique. Candidate ids: %s." % (
                    len(matches), res.label, self.key_text(params), ", ".join(str(res.record_id(r)) for r in matches)),
                hint="Give id to pick one.")
        return matches[0] if matches else None

    def key_rows(self, params, client_id):
        """The rows to match the natural key among: the narrowest read the resource knows, else the client's list."""
        rows = self.res.key_rows(self, params, client_id)
        return self.rows(client_id) if rows is None else rows

    def _find_by_id(self, record_id, client_id):
        res = self.res
        if self.preloaded is not None:
            row = self.preloaded["by_id"].get(str(record_id))
            return self.normalise(row) if row is not None else None
        row = self.read_one(record_id, client_id)
        if row is not None and client_id is not None and res.record_client(row) != client_id:
            raise ITFlowInputError("%s id %s belongs to client %s, not to the client given (%s)." % (
                res.label.capitalize(), record_id, res.record_client(row), client_id))
        return row


def _folded(value):
    return value.casefold() if isinstance(value, str) else value
