"""PHP and MariaDB semantics the real API inherits: loose integer coercion, ``empty()``,
``isset()``, ``strip_tags``/``trim``, ``mysqli_real_escape_string`` and strict-mode value checks.

Every function here mirrors documented PHP 8.2 / MariaDB 10.11 behaviour; none of it is ITFlow code.
"""

import calendar
import math
import re

INT_MAX = 2 ** 63 - 1
INT_MIN = -(2 ** 63)
PHP_TRIM = " \t\n\r\0\x0b"

_NUM_RE = re.compile(r"[ \t\n\r\v\f]*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)")


class Crash(Exception):
    """An uncaught SQL error or PHP fatal: the real server answers HTTP 500 with an empty body."""


def _clamp(value):
    return max(INT_MIN, min(INT_MAX, value))


def php_str(value):
    """``(string) $value`` for a decoded JSON value."""
    if value is None or value is False:
        return ""
    if value is True:
        return "1"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return php_float_str(value)
    if isinstance(value, (list, dict)):
        return "Array"  # PHP: "Array to string conversion" warning, value "Array"
    return value


def php_float_str(value):
    if math.isnan(value):
        return "NAN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = repr(value)
    if "e" in text:
        mantissa, exp = text.split("e")
        if "." not in mantissa:
            mantissa += ".0"
        sign = "-" if exp.startswith("-") else "+"
        return "%sE%s%s" % (mantissa, sign, exp.lstrip("+-"))
    return text


def intval(value):
    """PHP 8 ``intval()``: "1abc" is 1, "abc" is 0, "2.9" is 2, "1e3" is 1000, true is 1."""
    if value is None or value is False:
        return 0
    if value is True:
        return 1
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return 0
        return _clamp(int(value))
    if isinstance(value, (list, dict)):
        return 1 if value else 0
    match = _NUM_RE.match(value)
    if not match:
        return 0
    num = match.group(1)
    if "." in num or "e" in num or "E" in num:
        number = float(num)
        if math.isinf(number):
            return INT_MAX if number > 0 else INT_MIN
        return _clamp(int(number))
    return _clamp(int(num))


def floatval(value):
    """PHP 8 ``floatval()``."""
    if value is None or value is False:
        return 0.0
    if value is True:
        return 1.0
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, (list, dict)):
        return 1.0 if value else 0.0
    match = _NUM_RE.match(value)
    return float(match.group(1)) if match else 0.0


def php_empty(value):
    """PHP ``empty()``: null, false, 0, 0.0, "", "0" and empty arrays."""
    if value is None or value is False:
        return True
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return value == 0
    if isinstance(value, str):
        return value in ("", "0")
    if isinstance(value, (list, dict)):
        return not value
    return False


def isset(data, key):
    """PHP ``isset($data[$key])``: present and not null."""
    return isinstance(data, dict) and data.get(key) is not None


_C_SPACE = frozenset(" \t\n\x0b\f\r")   # isspace() in the C locale PHP 8 runs in


def _tag_opens(text, i):
    return not (i + 1 < len(text) and text[i + 1] in _C_SPACE)


def _flip_quote(st, char):
    if not st["quote"] or st["quote"] == char:
        st["quote"] = "" if st["quote"] else char


def _in_text(st, text, i, char):
    if char == "\0":
        return
    if char == "<" and _tag_opens(text, i):
        st.update(state=1, last="<")
    elif char == ">" and st["depth"]:
        st["depth"] -= 1
    else:
        st["out"].append(char)


def _in_tag(st, text, i, char):
    prev = text[i - 1] if i else ""
    if char == "<":
        if not st["quote"] and _tag_opens(text, i):
            st["depth"] += 1
    elif char == ">":
        if st["depth"]:
            st["depth"] -= 1
        elif not st["quote"]:
            st["last"] = ">"
            if not (st["xml"] and prev == "-"):
                st.update(state=0, quote="", xml=False)
    elif char in "\"'":
        if i:
            _flip_quote(st, char)
    elif char == "!" and prev == "<":
        st.update(state=3, last="!")
    elif char == "?" and prev == "<":
        st.update(state=2, parens=0)


def _in_php(st, text, i, char):
    prev = text[i - 1] if i else ""
    if char in "()":
        if st["last"] not in "\"'":
            st["last"] = char
            st["parens"] += 1 if char == "(" else -1
    elif char == ">":
        if st["depth"]:
            st["depth"] -= 1
        elif not st["quote"] and not st["parens"] and st["last"] != '"' and prev == "?":
            st.update(state=0, quote="")
    elif char in "\"'":
        if i and prev != "\\":
            if st["last"] == char:
                st["last"] = "\0"
            elif st["last"] != "\\":
                st["last"] = char
            _flip_quote(st, char)
    elif char in "lL" and i > 4 and text[i - 4:i - 2] == "<?" and text[i - 2:i].lower() == "xm":
        st.update(state=1, xml=True)


def _in_declaration(st, text, i, char):
    if char == ">":
        if st["depth"]:
            st["depth"] -= 1
        elif not st["quote"]:
            st.update(state=0, quote="")
    elif char in "\"'":
        if i and text[i - 1] != "\\":
            _flip_quote(st, char)
    elif char == "-" and text[max(i - 2, 0):i] == "!-":
        st["state"] = 4
    elif char in "eE" and i > 6 and text[i - 6:i].lower() == "doctyp":
        st["state"] = 1


def _in_comment(st, text, i, char):
    if char == ">" and not st["quote"] and text[max(i - 2, 0):i] == "--":
        st.update(state=0, quote="")


_STATES = (_in_text, _in_tag, _in_php, _in_declaration, _in_comment)


def strip_tags(text):
    """PHP 8 ``strip_tags($text)`` with no allowed tags, rule for rule (php_strip_tags_ex's state machine).

    States: 0 text, 1 tag, 2 PHP tag (``<?``), 3 ``<!`` declaration, 4 comment (``<!--``).
    * A ``<`` followed by whitespace is text; any other ``<`` opens a tag. Inside a tag a further
      ``<`` nests (its ``>`` does not close the tag), and quotes hide ``>``.
    * ``<!--`` ... ``-->`` comments, ``<!`` declarations (``<!DOCTYPE`` is an ordinary tag) and
      ``<?`` ... ``?>`` PHP tags (whose parentheses and quotes hide ``?>``; ``<?xml`` is a tag).
    * Whatever is open at the end of the text is dropped with everything after its ``<``.
    * NUL characters are dropped everywhere.
    """
    st = {"out": [], "state": 0, "depth": 0, "parens": 0, "quote": "", "last": "\0", "xml": False}
    for i, char in enumerate(text):
        _STATES[st["state"]](st, text, i, char)
    return "".join(st["out"])


def php_trim(text):
    return text.strip(PHP_TRIM)


def clean(value):
    """What ITFlow's ``escapeSql``/``sanitizeInput`` leaves in the database: tags removed, trimmed."""
    return php_trim(strip_tags(php_str(value)))


_ESCAPES = {"\\": "\\\\", "\0": "\\0", "\n": "\\n", "\r": "\\r", "'": "\\'", '"': '\\"', "\x1a": "\\Z"}


def sql_escape(text):
    """``mysqli_real_escape_string()``: the value as a PHP string after one level of escaping."""
    return "".join(_ESCAPES.get(ch, ch) for ch in php_str(text))


_UNESCAPES = {"0": "\0", "b": "\b", "n": "\n", "r": "\r", "t": "\t", "Z": "\x1a"}


def sql_literal(raw):
    """What MariaDB stores for ``'<raw>'`` when ``raw`` was put into the SQL unescaped.

    A quote that ends the literal early, or a trailing backslash, is a syntax error (Crash)."""
    raw = php_str(raw)
    out = []
    i, size = 0, len(raw)
    while i < size:
        char = raw[i]
        if char == "\\":
            if i + 1 >= size:
                raise Crash("backslash escapes the closing quote")
            nxt = raw[i + 1]
            out.append("\\" + nxt if nxt in "%_" else _UNESCAPES.get(nxt, nxt))
            i += 2
            continue
        if char == "'":
            if i + 1 < size and raw[i + 1] == "'":
                out.append("'")
                i += 2
                continue
            raise Crash("quote ends the string literal early")
        out.append(char)
        i += 1
    return "".join(out)


_NUMERIC_LITERAL = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$")


def sql_number(raw):
    """Value of ``raw`` put into SQL unquoted (``col = $value``): a number, else a syntax error."""
    if raw is None:
        raise Crash("empty value in SQL")
    text = php_str(raw)
    if not _NUMERIC_LITERAL.match(text):
        raise Crash("not a numeric literal: %r" % text)
    number = float(text)
    return int(number) if number == int(number) else number


_DATE_RE = re.compile(r"^\s*(\d{4}|\d{2})[^\d](\d{1,2})[^\d](\d{1,2})(?:(?:[T ]|\s+)\d{1,2}[^\d]\d{1,2}(?:[^\d]\d{1,2}(?:\.\d+)?)?)?\s*$")
_DATE_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:\d{6})?\s*$")


def mysql_date(value):
    """Value stored in a DATE column under MariaDB's default strict mode, or Crash.

    Zero dates and zero parts are accepted (the default sql_mode has no NO_ZERO_DATE);
    impossible calendar dates and text are errors."""
    text = php_str(value)
    match = _DATE_RE.match(text) or _DATE_COMPACT.match(text)
    if not match:
        raise Crash("Incorrect date value: %r" % text)
    year, month, day = (int(part) for part in match.groups())
    if len(match.group(1)) == 2:
        year += 2000 if year < 70 else 1900
    if month > 12:
        raise Crash("Incorrect date value: %r" % text)
    if month and day:
        if day > calendar.monthrange(year or 2000, month)[1]:
            raise Crash("Incorrect date value: %r" % text)
    elif day > 31:
        raise Crash("Incorrect date value: %r" % text)
    return "%04d-%02d-%02d" % (year, month, day)
