# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The read side shared by the itflow_info module and the itflow.itflow.itflow lookup.

One record per readable resource says where ITFlow serves it, its column prefix, the
column that holds its client, the filters a user may give and how each is applied,
and which columns are secrets. ``Reader.read`` validates the filters, sends at most
the one filter ITFlow really honours for that endpoint (ITFlow applies a single
filter per request and silently ignores the ones it does not know), applies every
filter and the client on our side, and returns typed rows with the resource prefix
stripped from the column names (see docs/reading.md).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.itflow.itflow.plugins.module_utils._errors import (
    ITFlowEndpointMissing,
    ITFlowInputError,
)
from ansible_collections.itflow.itflow.plugins.module_utils._lookups import Lookups
from ansible_collections.itflow.itflow.plugins.module_utils._registry import READABLES, READS
from ansible_collections.itflow.itflow.plugins.module_utils._typing import masked_value, typed_kind, typed_row

_HMS = re.compile(r"^(\d+):([0-5]\d):([0-5]\d)$")

RESOURCE_NAMES = [r.name for r in READABLES]
# Every filter option of every resource (the module's and the lookup's options).
FILTER_OPTIONS = sorted(set(f.option for r in READABLES for f in r.filters))


def filter_spec():
    """itflow_info's argument spec entries of the filter options: whole numbers, or text (names, MAC addresses...)."""
    return dict((f.option, dict(type="int" if f.kind == "int" else "str")) for r in READABLES for f in r.filters)


def readable(name):
    """The record of a resource name, or a clear error listing the valid ones."""
    if not isinstance(name, str) or name not in READS:
        raise ITFlowInputError("Unknown ITFlow resource %r; readable resources are: %s." % (name, ", ".join(RESOURCE_NAMES)))
    return READS[name]


def validate(res, filters, client=None):
    """Check the filters given for ``res``; return {option: value}. A filter that does not apply is an error."""
    given = dict((k, v) for k, v in (filters or {}).items() if v is not None)
    if client is not None and res.client_column is None:
        raise ITFlowInputError("client does not apply to %s: %s." % (res.name, res.no_client))
    out = {}
    for option in sorted(given):
        flt = res.by_option.get(option)
        if flt is None:
            raise ITFlowInputError("%s does not apply to %s; %s can be filtered by: %s." % (
                option, res.name, res.name, ", ".join(res.options()) or "nothing"))
        out[option] = flt.validate(res.name, given[option])
    if res.needs_one_of and not any(o in out for o in res.needs_one_of):
        raise ITFlowInputError("Reading %s needs %s (ITFlow refuses to list them all)." % (res.name, " or ".join(res.needs_one_of)))
    return out


def strip_prefix(res, row):
    """Column names without the resource prefix (asset_name -> name); other columns (interface_ip) as they are."""
    if not res.prefix:
        return dict(row)
    out = {}
    for column, value in row.items():
        key = column[len(res.prefix):] if column.startswith(res.prefix) and len(column) > len(res.prefix) else column
        if key != column and key in row:
            key = column  # never let a stripped name hide a column ITFlow sent under that name
        out[key] = value
    return out


def secret_names(res):
    """The secret columns as users see them (password, otp_secret)."""
    return [c[len(res.prefix):] if res.prefix and c.startswith(res.prefix) else c for c in res.secrets]


def undecryptable_column(res):
    """The column that reads false when ITFlow cannot decrypt a row (a credential's password: its first secret),
    or None for a resource read without the decrypt password."""
    return res.secrets[0] if res.decrypt and res.secrets else None


def masked(res, row):
    """A raw row with its secret columns masked."""
    return dict((k, masked_value(v) if k in res.secrets else v) for k, v in row.items())


def typed_view(res, row, reveal_secrets=False):
    """ITFlow's row as itflow_info returns it: typed values, prefix stripped, secrets masked unless revealed."""
    out = typed_row(row, () if reveal_secrets else res.secrets)
    for column, kind in res.kinds.items():
        if column in row and column not in res.secrets:
            out[column] = typed_kind(kind, column, row[column])
    out = strip_prefix(res, out)
    worked = out.get("time_worked")
    if isinstance(worked, str) and _HMS.match(worked):
        hours, minutes, seconds = (int(p) for p in _HMS.match(worked).groups())
        out["time_worked_seconds"] = hours * 3600 + minutes * 60 + seconds
    return out


class Reader(object):
    """Read one resource for the module or the lookup."""

    def __init__(self, client, lookups=None):
        self.client = client
        self.lookups = lookups or Lookups(client)
        self.warnings = []

    def query(self, res, values, client_id):
        """The query string for ITFlow: every non-exclusive filter, plus the first honoured exclusive one."""
        query = {}
        chosen = False
        for flt in res.filters:
            if flt.option not in values or flt.param is None:
                continue
            if flt.exclusive:
                if chosen:
                    continue
                chosen = True
            query[flt.param] = values[flt.option]
        if client_id is not None and res.send_client_id:
            query["client_id"] = client_id
        return query

    def rows(self, resource, filters=None, client=None):
        """ITFlow's rows of ``resource`` that match every filter and the client (raw, untyped)."""
        res = readable(resource)
        values = validate(res, filters, client)
        client_id = self.lookups.client_id(client) if client is not None else None
        query = self.query(res, values, client_id)
        try:
            rows = self.client.read(res.folder, query, decrypt=res.decrypt, op=res.op)
        except ITFlowEndpointMissing as exc:
            raise ITFlowEndpointMissing(
                "This ITFlow server has no %s endpoint (HTTP 404), so %s cannot be read from it." % (exc.endpoint, res.name),
                endpoint=exc.endpoint, status=exc.status, hint=res.missing or exc.hint)
        sent = set(query)
        out = []
        for row in rows:
            if not isinstance(row, dict):
                continue
            if client_id is not None and not _same_int(row.get(res.client_column), client_id):
                continue
            if all(self._keep(res.by_option[o], row, v, sent) for o, v in values.items()):
                out.append(row)
        check = undecryptable_column(res)
        if check and any(row.get(check) is False for row in out):
            self.warnings.append(
                "ITFlow could not decrypt the %s of some %s (they read as false): the decrypt password is wrong or "
                "belongs to another API key." % (secret_names(res)[0], res.name))
        return out

    @staticmethod
    def _keep(flt, row, value, sent):
        if flt.column is None:
            return True  # server-side only (time report year/month)
        if flt.column not in row:
            return flt.param in sent  # the server applied it; these rows just lack the column
        return flt.matches(row.get(flt.column), value)

    def read(self, resource, filters=None, client=None, reveal_secrets=False, raw=False):
        """``(typed_rows, raw_rows_or_None)``; secrets are masked in both unless ``reveal_secrets``."""
        res = readable(resource)
        rows = self.rows(resource, filters, client)
        typed_rows = [typed_view(res, row, reveal_secrets) for row in rows]
        raw_rows = None
        if raw:
            raw_rows = [dict(row) if reveal_secrets else masked(res, row) for row in rows]
        return typed_rows, raw_rows


def _same_int(value, wanted):
    try:
        return int(str(value).strip() or 0) == wanted
    except (TypeError, ValueError):
        return False
