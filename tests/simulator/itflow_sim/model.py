"""Shared building blocks for the handlers: the response envelope, ITFlow's "model" files
(each field taken from the request, else from the current row, else a default) and reads.

The quirks of each resource are expressed in its handler module; this file only holds the
mechanics every endpoint shares.
"""

import json
import re

from .php import Crash, clean, floatval, intval, php_empty, php_str, sql_literal, sql_number

# --- envelope (ITFLOW-API.md §1.3) ---------------------------------------------------------------

NO_RESOURCE = "No resource (for this client and company) with the specified parameter(s)."
INSERT_FAILED = ("Auth success but insert query failed, ensure ALL required variables are provided (and aren't duplicates "
                 "where applicable) and database schema is up-to-date. Turn on error logging and look for 'undefined index'.")
UPDATE_FAILED = ("Auth success but update query failed/returned no results. Ensure ALL required variables are provided and "
                 "database schema is up-to-date. Most likely cause: non-existent module ID (i.e. bad contact ID/ticket ID/etc) "
                 "or no rows changed.")
DELETE_FAILED = ("Auth success but delete query failed. Ensure ALL required variables are provided and database schema is "
                 "up-to-date. Most likely cause: asset/client/company ID mismatch.")


class Result:
    """What an endpoint answers: an HTTP status and a JSON-able object (or raw bytes)."""

    __slots__ = ("status", "body", "is_read")

    def __init__(self, status, body, is_read=False):
        self.status = status
        self.body = body
        self.is_read = is_read


def fail(message, status=200):
    return Result(status, {"success": "False", "message": message})


class JsonRows(list):
    """Rows already encoded as JSON objects by SQLite (see Database.json_list)."""


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _u_escape(match):
    code = ord(match.group(0))
    if code > 0xFFFF:
        code -= 0x10000
        return "\\u%04x\\u%04x" % (0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF))
    return "\\u%04x" % code


def php_json(obj):
    """``json_encode()`` defaults: ASCII only (\\uXXXX), slashes escaped, no spaces."""
    return json.dumps(obj, ensure_ascii=True, separators=(",", ":")).replace("/", "\\/").encode("ascii")


def _php_json_text(text):
    if not text.isascii():
        text = _NON_ASCII.sub(_u_escape, text)
    return text.replace("/", "\\/").encode("ascii")


def rows_result(rows):
    if not rows:
        return fail(NO_RESOURCE)
    if isinstance(rows, JsonRows):
        return Result(200, _php_json_text('{"success":"True","count":%d,"data":[%s]}' % (len(rows), ",".join(rows))),
                      is_read=True)
    return Result(200, {"success": "True", "count": len(rows), "data": rows}, is_read=True)


def created(insert_id):
    if insert_id:
        return Result(200, {"success": "True", "count": "1", "data": [{"insert_id": insert_id}]})
    return fail(INSERT_FAILED)


def create_failed():
    return fail(INSERT_FAILED)


def updated(count):
    if count:
        return Result(200, {"success": "True", "count": count})
    return fail(UPDATE_FAILED)


def deleted(count):
    if count:
        return Result(200, {"success": "True", "count": count})
    return fail(DELETE_FAILED)


# --- model files ---------------------------------------------------------------------------------

def _digits(value):
    return re.sub(r"[^0-9]", "", php_str(value))


CONVERTERS = {
    "clean": clean,                # escapeSql()/sanitizeInput(): tags stripped, trimmed
    "raw": php_str,                # mysqli_real_escape_string() only: stored exactly as sent
    "int": intval,
    "float": floatval,
    "digits": _digits,             # preg_replace('/[^0-9]/', '', ...)
}


class F:
    """One field of an ITFlow model file.

    ``post``: request key; ``col``: column (and key of the current row); ``conv``: conversion of a
    sent value (name in CONVERTERS or a callable); ``default``: value with no request value and no
    row; ``fallback``: ``"row"`` (``elseif ($row)``: a NULL column becomes '' or, for a value put
    into the SQL unquoted, a syntax error), ``"isset"`` (``elseif (isset($row[col]))``: a NULL
    column falls through to the default); ``quoted``: whether the SQL quotes the value;
    ``raw_row``: the row value goes into the SQL without escaping (a ``'`` in it breaks the
    statement); ``nonempty``: a sent value counts only when not empty (asset dates)."""

    __slots__ = ("post", "col", "conv", "default", "fallback", "quoted", "raw_row", "nonempty")

    def __init__(self, post, col=None, conv="clean", default="", fallback="row", quoted=True, raw_row=False, nonempty=False):
        self.post = post
        self.col = col or post
        self.conv = CONVERTERS[conv] if isinstance(conv, str) else conv
        self.default = default
        self.fallback = fallback
        self.quoted = quoted
        self.raw_row = raw_row
        self.nonempty = nonempty

    def value(self, body, row):
        sent = body.get(self.post) if isinstance(body, dict) else None
        if sent is not None and not (self.nonempty and php_empty(sent)):
            return self.conv(sent)
        if row:
            current = row.get(self.col)
            if self.fallback == "isset":
                if current is not None:
                    return current
                return self.default
            if not self.quoted:
                return sql_number(current)
            if self.raw_row:
                return sql_literal(current)
            return "" if current is None else current
        return self.default


def model(body, fields, row=None):
    """``{column: value}`` as the model file computes it."""
    return {f.col: f.value(body, row) for f in fields}


def post_int(body, key):
    """``intval($_POST[key])`` (undefined index counts as null)."""
    return intval(body.get(key)) if isinstance(body, dict) else 0


# --- reads ----------------------------------------------------------------------------------------

def paged(req, sql, params, order):
    """Append ORDER BY and ``LIMIT $limit OFFSET $offset``; a negative value is an SQL error."""
    if req.limit < 0 or req.offset < 0:
        raise Crash("You have an error in your SQL syntax near LIMIT")
    return "%s ORDER BY %s LIMIT ? OFFSET ?" % (sql, order), list(params) + [req.limit, req.offset]


def select(req, table, where, params, scope_col, single=False, order=None, columns=None, from_sql=None, as_dicts=False):
    """``SELECT * FROM table WHERE <where> <client scope> [ORDER BY .. LIMIT .. OFFSET ..]``.

    Single-record lookups (``single=True``) have no ORDER/LIMIT at all (ITFLOW-API.md §1.5).
    ``columns``: ``[(table, alias)]`` whose columns make up ``*`` (joins). Returns JsonRows for
    rows_result(), or dicts with ``as_dicts``."""
    db = req.db
    columns = columns or [(table, None)]
    json_rows = db.has_json and not as_dicts
    if json_rows:
        select_sql = db.json_list(columns)
    else:
        select_sql = ", ".join(db.select_list(t, a) for t, a in columns)
    scope_sql, scope_params = req.scope(scope_col) if scope_col else ("", [])
    sql = "SELECT %s FROM %s WHERE %s%s" % (select_sql, from_sql or table, where, scope_sql)
    params = list(params) + scope_params
    if not single:
        # Qualified: a bare name would sort by the text alias of the selected column.
        sql, params = paged(req, sql, params, order or "%s.%s" % (table, db.tables[table][0].name))
    if json_rows:
        return JsonRows(row[0] for row in db.conn.execute(sql, params).fetchall())
    return db.query(sql, params)


class Filter:
    """A read filter: ``param`` in the query string, matched against ``col``.

    ``mode``: ``"id"`` (intval, single record, no LIMIT), ``"eq"`` (exact, case-insensitive,
    paged) or ``"eq_all"`` (exact, no LIMIT)."""

    __slots__ = ("param", "col", "mode")

    def __init__(self, param, col=None, mode="eq"):
        self.param = param
        self.col = col or param
        self.mode = mode


def filtered_read(req, table, scope_col, filters):
    """The usual read.php: the first filter present wins, unknown parameters are ignored."""
    for flt in filters:
        if flt.param not in req.query:
            continue
        value = req.query[flt.param]
        if flt.mode == "id":
            return rows_result(select(req, table, "%s = ?" % flt.col, [intval(value)], scope_col, single=True))
        single = flt.mode == "eq_all"
        return rows_result(select(req, table, "%s = ?" % flt.col, [value], scope_col, single=single))
    return rows_result(select(req, table, "1=1", [], scope_col))


# --- write patterns shared by several resources ---------------------------------------------------

def update_by_id(req, table, id_key, fields, log_type, noun, name_col, client_col=None, values_hook=None):
    """The usual update.php: look the record up by id (and client), fill omitted fields from it,
    ``UPDATE ... WHERE id [AND client] LIMIT 1`` and answer the affected-row count (0 = failure).
    The log is written whenever the statement ran, as the PHP does."""
    ident = post_int(req.body, id_key)
    if not ident:
        return updated(0)
    where, params = "%s = ?" % id_key, [ident]
    if client_col:
        where += " AND %s = ?" % client_col
        params.append(req.client_id)
    row = req.db.row(table, where, params)
    values = model(req.body, fields, row)
    if values_hook:
        values = values_hook(values, row)
    count = req.db.update(table, values, where, params, limit=1)
    name = values.get(name_col, "")
    req.log(log_type, "Edit", "%s via API (%s)" % (name, req.key_name), req.client_id)
    req.log("API", "Success", "Edited %s %s via API (%s)" % (noun, name, req.key_name), req.client_id)
    return updated(count)


def delete_by_id(req, table, id_key, name_col, log_type, client_col=None):
    """The 26.04 delete.php: delete by id (and client); success needs a non-empty stored name,
    which then goes into the log statement unescaped (an apostrophe: deleted, then HTTP 500)."""
    ident = post_int(req.body, id_key)
    if not ident:
        return deleted(0)
    where, params = "%s = ?" % id_key, [ident]
    if client_col:
        where += " AND %s = ?" % client_col
        params.append(req.client_id)
    row = req.db.row(table, where, params)
    name = row.get(name_col) if row else None
    count = req.db.delete(table, where, params, limit=1)
    if php_empty(name):
        return deleted(0)
    req.log(log_type, "Delete", "%s via API (%s)" % (name, req.key_name), req.client_id if client_col else 0, raw=True)
    return deleted(count)


def odd_success():
    """26.04 products/expenses/payments read without an all-clients context: read_output.php
    sees the API-key lookup (one row, already fetched): ``{"success":"True","count":1}``."""
    return Result(200, {"success": "True", "count": 1})


def full_field(name, **kwargs):
    """A field of the ``full`` profile's working endpoints: a NULL column stays NULL when omitted."""
    return F(name, fallback="isset", **kwargs)


def full_date(name):
    """A date field of the ``full`` profile: empty counts as not sent; anything else must be a
    valid date (an invalid one is an empty HTTP 500, as everywhere)."""
    return F(name, default=None, fallback="isset", nonempty=True)
