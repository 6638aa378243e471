"""SQLite storage with MariaDB strict-mode write semantics.

One connection guarded by a re-entrant lock (``Database.lock``); every API request runs its
handler while holding it. Statements are autocommitted one by one, like mysqli, so a request that
crashes half-way keeps what it already wrote (ITFlow's "deleted, then HTTP 500" answers).
Values are read back as PHP's mysqli returns them: strings or None.
"""

import datetime
import decimal
import re
import sqlite3
import threading

from . import schema
from .php import Crash, mysql_date, php_str

_INT_KINDS = ("pk", "int", "tiny")
_INT_RANGE = {"tiny": (-128, 127), "int": (-2147483648, 2147483647), "pk": (1, 2147483647)}
_INT_TEXT = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$")
_DEC_LIMIT = decimal.Decimal("9999999999999.99")


def now():
    """Server time (UTC) as MariaDB's NOW() prints it."""
    return datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M:%S")


def today():
    return datetime.datetime.utcnow().strftime("%Y-%m-%d")


def _ci_key(text):
    # utf8mb4_general_ci: case-insensitive, trailing spaces ignored (PAD SPACE).
    return text.rstrip(" ").casefold()


def _ci_compare(left, right):
    left, right = _ci_key(left), _ci_key(right)
    return (left > right) - (left < right)


def _same(old, new):
    if old is None or new is None:
        return old is None and new is None
    return str(old) == str(new)


class Database:
    """The simulator's tables for one profile."""

    def __init__(self, profile, path=None):
        self.profile = profile
        self.tables = schema.build(profile)
        self.columns = {t: {c.name: c for c in cols} for t, cols in self.tables.items()}
        self.lock = threading.RLock()
        self.conn = sqlite3.connect(path or ":memory:", check_same_thread=False, isolation_level=None)
        self.conn.create_collation("CI", _ci_compare)
        self._select_lists = {}
        self.has_json = self._probe_json()
        self.create()

    def _probe_json(self):
        try:
            self.conn.execute("SELECT json_object('a', 1)").fetchone()
        except sqlite3.OperationalError:
            return False
        return True

    # -- schema -----------------------------------------------------------------------------

    def create(self):
        with self.lock:
            for table, cols in self.tables.items():
                self.conn.execute("DROP TABLE IF EXISTS %s" % table)
                decl = []
                for col in cols:
                    if col.kind == "pk":
                        decl.append("%s INTEGER PRIMARY KEY AUTOINCREMENT" % col.name)
                    elif col.kind in _INT_KINDS:
                        decl.append("%s INTEGER" % col.name)
                    else:
                        decl.append("%s TEXT COLLATE CI" % col.name)
                self.conn.execute("CREATE TABLE %s (%s)" % (table, ", ".join(decl)))
            for table, col in schema.INDEXES:
                self.conn.execute("CREATE INDEX idx_%s_%s ON %s (%s)" % (table, col, table, col))

    def select_list(self, table, alias=None):
        """Column list of ``SELECT *`` returning strings (ints cast to text), in table order."""
        key = (table, alias)
        if key not in self._select_lists:
            prefix = alias + "." if alias else ""
            parts = []
            for col in self.tables[table]:
                if col.kind in _INT_KINDS:
                    parts.append("CAST(%s%s AS TEXT) AS %s" % (prefix, col.name, col.name))
                else:
                    parts.append(prefix + col.name)
            self._select_lists[key] = ", ".join(parts)
        return self._select_lists[key]

    def json_list(self, columns):
        """``json_object(...)`` building one output row (strings/null) from ``[(table, alias)]``:
        SQLite encodes the rows, which keeps 10k-row pages fast."""
        key = ("json",) + tuple(columns)
        if key not in self._select_lists:
            parts = []
            for table, alias in columns:
                prefix = alias + "." if alias else ""
                for col in self.tables[table]:
                    value = prefix + col.name
                    if col.kind in _INT_KINDS:
                        value = "CAST(%s AS TEXT)" % value
                    parts.append("'%s', %s" % (col.name, value))
            self._select_lists[key] = "json_object(%s)" % ", ".join(parts)
        return self._select_lists[key]

    # -- reads ------------------------------------------------------------------------------

    def query(self, sql, params=()):
        """Rows as dicts of strings/None, in column order."""
        cur = self.conn.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def first(self, sql, params=()):
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def row(self, table, where, params=()):
        """``SELECT * FROM table WHERE ... LIMIT 1`` as a dict, or None."""
        return self.first("SELECT %s FROM %s WHERE %s LIMIT 1" % (self.select_list(table), table, where), params)

    def scalar(self, sql, params=()):
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    # -- writes -----------------------------------------------------------------------------

    def _norm(self, col, value):
        """The value MariaDB (strict mode) stores, or Crash like the real statement would."""
        if value is None:
            return None
        kind = col.kind
        if kind in _INT_KINDS:
            if isinstance(value, bool):
                number = int(value)
            elif isinstance(value, int):
                number = value
            elif isinstance(value, float):
                number = int(decimal.Decimal(value).quantize(0, decimal.ROUND_HALF_UP))
            else:
                text = php_str(value)
                if not _INT_TEXT.match(text):
                    raise Crash("Incorrect integer value %r for %s" % (text, col.name))
                number = int(decimal.Decimal(text.strip()).quantize(0, decimal.ROUND_HALF_UP))
            low, high = _INT_RANGE[kind]
            if not low <= number <= high:
                raise Crash("Out of range value for %s" % col.name)
            return number
        if kind == "dec":
            try:
                number = decimal.Decimal(php_str(value).strip() if not isinstance(value, float) else repr(value))
            except decimal.InvalidOperation:
                raise Crash("Incorrect decimal value for %s" % col.name) from None
            number = number.quantize(decimal.Decimal("0.01"), decimal.ROUND_HALF_UP)
            if abs(number) > _DEC_LIMIT:
                raise Crash("Out of range value for %s" % col.name)
            return "%.2f" % number
        if kind == "date":
            return mysql_date(value)
        text = php_str(value)
        # varchar(N) counts characters (utf8mb4); TEXT, MEDIUMTEXT and LONGTEXT count bytes.
        size = len(text.encode("utf-8", "surrogatepass")) if kind == "text" else len(text)
        if col.size is not None and size > col.size:
            raise Crash("Data too long for column '%s' at row 1" % col.name)
        return text

    def _check_columns(self, table, names):
        cols = self.columns[table]
        for name in names:
            if name not in cols:
                raise Crash("Unknown column '%s' in 'field list'" % name)

    def insert(self, table, values):
        """INSERT ... SET; returns the new id. Unset columns take their defaults."""
        self._check_columns(table, values)
        row = {}
        for col in self.tables[table]:
            if col.name in values:
                value = values[col.name]
            elif col.kind == "pk":
                continue
            elif col.default == "now":
                value = now()
            else:
                value = col.default
            row[col.name] = self._norm(col, value)
        names = list(row)
        cur = self.conn.execute(
            "INSERT INTO %s (%s) VALUES (%s)" % (table, ", ".join(names), ", ".join("?" * len(names))),
            [row[n] for n in names])
        return cur.lastrowid

    def insert_many(self, table, names, rows):
        """Bulk insert of already normalised values (seeding only); other columns get their
        defaults."""
        extra = [c for c in self.tables[table] if c.name not in names and c.kind != "pk" and c.default is not None]
        fill = tuple(now() if c.default == "now" else self._norm(c, c.default) for c in extra)
        names = list(names) + [c.name for c in extra]
        self.conn.executemany(
            "INSERT INTO %s (%s) VALUES (%s)" % (table, ", ".join(names), ", ".join("?" * len(names))),
            (tuple(row) + fill for row in rows))

    def update(self, table, values, where, params=(), limit=None):
        """UPDATE ... SET values WHERE ...; returns MariaDB's affected rows (rows really changed).

        Values are checked only when a row matches, like strict mode does; a changed row gets
        ``*_updated_at = NOW()`` (ON UPDATE CURRENT_TIMESTAMP)."""
        self._check_columns(table, values)
        cols = self.tables[table]
        pk = cols[0].name
        names = list(values)
        current = self.conn.execute(
            "SELECT %s%s FROM %s WHERE %s" % (pk, "".join(", " + n for n in names), table, where), params).fetchall()
        if limit is not None:
            current = current[:limit]
        if not current:
            return 0
        new = {n: self._norm(self.columns[table][n], values[n]) for n in names}
        updated_col = next((c.name for c in cols if c.name.endswith("_updated_at")), None)
        count = 0
        for row in current:
            changed = {n: new[n] for i, n in enumerate(names) if not _same(row[i + 1], new[n])}
            if not changed:
                continue
            if updated_col and updated_col not in values:
                changed[updated_col] = now()
            self.conn.execute(
                "UPDATE %s SET %s WHERE %s = ?" % (table, ", ".join("%s = ?" % n for n in changed), pk),
                list(changed.values()) + [row[0]])
            count += 1
        return count

    def delete(self, table, where, params=(), limit=None):
        pk = self.tables[table][0].name
        ids = [r[0] for r in self.conn.execute("SELECT %s FROM %s WHERE %s" % (pk, table, where), params).fetchall()]
        if limit is not None:
            ids = ids[:limit]
        for ident in ids:
            self.conn.execute("DELETE FROM %s WHERE %s = ?" % (table, pk), (ident,))
        return len(ids)

    def next_number(self, column):
        """Atomically take settings.<column> and increment it (ticket/invoice/quote numbers)."""
        number = self.scalar("SELECT %s FROM settings WHERE company_id = 1" % column) or 1
        self.conn.execute("UPDATE settings SET %s = %s + 1 WHERE company_id = 1" % (column, column))
        return number

    def setting(self, column):
        return self.scalar("SELECT %s FROM settings WHERE company_id = 1" % column)

    def log(self, log_type, action, description, client_id=0, user_id=0, entity_id=0, ip="", agent=""):
        self.insert("logs", {
            "log_type": log_type, "log_action": action, "log_description": description[:1000],
            # log_user_agent is varchar(250) and not truncated: a longer User-Agent breaks the
            # statement (HTTP 500), as on the real server.
            "log_ip": ip, "log_user_agent": agent or "", "log_client_id": client_id,
            "log_user_id": user_id, "log_entity_id": entity_id})

    def dump(self, table):
        """Raw rows of a table for the control endpoint (None if the table does not exist)."""
        if table not in self.tables:
            return None
        return self.query("SELECT %s FROM %s ORDER BY rowid" % (self.select_list(table), table))
