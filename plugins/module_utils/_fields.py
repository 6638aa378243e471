# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Field kinds: how a user's value is checked, sent to ITFlow and compared.

ITFlow returns every value as a string or null and transforms some input (tags
stripped, text trimmed, phone numbers reduced to digits, ``https://`` removed from
websites). Both sides of a comparison go through the same ``compare`` function, so
a value ITFlow stores differently from how it was sent never shows as drift; a value
that could not converge that way (cut at an unclosed ``<``, or stored in a form ITFlow
would change again) is refused by ``validate`` before any request (``_sanitise.py``).
Lengths are checked in the unit of ITFlow's column: characters for ``varchar``, bytes
of UTF-8 for ``TEXT`` (the default of a "text" field without ``max_len``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import ipaddress
import math
import re

from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowInputError
from ansible_collections.itflow.itflow.plugins.module_utils._typing import mac_digits, masked_value, normalise_mac
from ansible_collections.itflow.itflow.plugins.module_utils._sanitise import (
    LONGTEXT_BYTES, MEDIUMTEXT_BYTES, TEXT_BYTES, check as check_sanitised, limit_message, sanitise, show, sql_escape)

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MAC_RE = re.compile(r"^[0-9A-Fa-f]{2}([:-]?)[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}$")
_HMS_RE = re.compile(r"^\d{1,3}:[0-5]\d:[0-5]\d$")
# MariaDB in strict mode (ITFlow's setting) refuses a value out of its column's range with an SQL
# error, which ITFlow answers as an empty HTTP 500: these are the ranges of ITFlow's columns.
INT_MIN, INT_MAX = -2147483648, 2147483647   # int(11)
DECIMAL_MAX = 9999999999999.99               # decimal(15,2)
_TEXT_KINDS = ("text", "html", "raw", "digits", "website", "secret", "escaped", "escaped_text")
# Kinds ITFlow runs strip_tags() and trim() on ("escaped_text": a document's name and description,
# sanitised and then escaped once more on update; "escaped": its content, escaped only).
_SANITISED = ("text", "website", "escaped_text")
_ESCAPED = ("escaped", "escaped_text")
_TEXT_TYPES = {TEXT_BYTES: "TEXT", MEDIUMTEXT_BYTES: "MEDIUMTEXT", LONGTEXT_BYTES: "LONGTEXT"}


class Field(object):
    """One user-facing option of a resource and the ITFlow column behind it.

    ``column`` is the name in read rows; ``send`` the name in write bodies (they
    differ for clients: ``client_lead`` out, ``client_is_lead`` in). ``on_create``
    False marks fields ITFlow ignores on create (set by a follow-up update).

    Three limits, each in the unit ITFlow or MariaDB counts: ``max_len`` (a ``varchar(N)``
    column: characters of the value as stored), ``column_bytes`` (a ``TEXT``-family column:
    UTF-8 bytes of the value as stored; a "text" field without ``max_len`` defaults to
    TEXT's 65,535) and ``max_bytes`` (UTF-8 bytes of the value as sent: ITFlow's own
    check on credential secrets, or its byte cut of a client abbreviation).
    """

    def __init__(self, option, column, kind="text", send=None, max_len=None, secret=False, on_create=True,
                 on_update=True, ref=None, choices=None, minimum=None, maximum=None, max_bytes=None, column_bytes=None):
        self.option = option
        self.column = column
        self.kind = kind
        self.send = send or column
        self.max_len = max_len          # characters ITFlow's column holds (of the value as ITFlow stores it)
        self.max_bytes = max_bytes      # UTF-8 bytes ITFlow accepts of the value as sent
        if column_bytes is None and max_len is None and kind in ("text", "escaped_text"):
            column_bytes = TEXT_BYTES   # ITFlow's unsized text columns are TEXT (MEDIUMTEXT/LONGTEXT are declared)
        self.column_bytes = column_bytes  # UTF-8 bytes ITFlow's TEXT-family column holds (of the value as stored)
        self.minimum = minimum          # int and decimal fields: the range that makes sense (default: the column's)
        self.maximum = maximum
        self.secret = secret
        self.on_create = on_create
        self.on_update = on_update
        self.ref = ref
        self.choices = choices

    # -- checking the user's value (before any request)
    def validate(self, value):
        """Return the value to send, or raise ITFlowInputError naming the option."""
        if value is None:
            return None
        kind = self.kind
        if isinstance(value, (dict, list)):
            raise ITFlowInputError("%s must be a single value, not a %s." % (self.option, type(value).__name__))
        if kind in _TEXT_KINDS:
            value = value if isinstance(value, str) else str(value)
            if kind in _SANITISED:
                check_sanitised(self.option, value)
            self._check_stable(value)
            self._check_length(value)
            return value
        if kind == "int":
            return self._in_range(_to_int(self.option, value), INT_MIN, INT_MAX)
        if kind == "decimal":
            if isinstance(value, bool):
                raise ITFlowInputError("%s must be a number, not a boolean." % self.option)
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise ITFlowInputError("%s must be a number, not %r." % (self.option, value))
            if math.isnan(number) or math.isinf(number):
                raise ITFlowInputError("%s must be a finite number, not %r." % (self.option, value))
            return self._in_range(number, -DECIMAL_MAX, DECIMAL_MAX)
        if kind == "bool":
            return 1 if value else 0
        if kind == "date":
            return check_date(self.option, value)
        if kind == "ip":
            return check_ip(self.option, value)
        if kind == "mac":
            return check_mac(self.option, value)
        if kind == "cidr":
            return check_cidr(self.option, value)
        if kind == "hms":
            text = str(value).strip()
            if not _HMS_RE.match(text):
                raise ITFlowInputError("%s must be a duration written H:MM:SS (for example 1:30:00), not %r; ITFlow silently "
                                       "stores anything else as 0:00:00." % (self.option, value))
            return text
        raise ValueError("unknown field kind %s" % kind)

    def stored(self, value):
        """The text ITFlow's column receives for this value (tags stripped, trimmed, escaped...)."""
        if self.kind in ("text", "website", "digits"):
            return self.compare(value)
        if self.kind == "escaped_text":
            return sql_escape(sanitise(value))
        if self.kind == "escaped":
            return sql_escape(value)
        return value

    def stored_length(self, value):
        """How many characters ITFlow's column receives for this value."""
        return len(self.stored(value))

    def _check_stable(self, value):
        # A value ITFlow stores in a form it would itself change again (trimming leaves a final
        # '<' that strip_tags then reads as a tag; a website with its scheme twice) never
        # compares equal to what is stored, so it would be rewritten on every run.
        once = self.compare(value)
        twice = self.compare(once)
        if isinstance(once, str) and once != twice:
            raise ITFlowInputError(
                "%s would be stored by ITFlow as %s, a value ITFlow itself would store as %s if it were sent again: it could "
                "never compare equal to what ITFlow holds, and every run would rewrite it. Give %s instead." % (
                    self.option, show(once), show(twice), show(twice)))

    def _check_length(self, value):
        stored = self.stored(value)
        escaped = " (quotes, backslashes and line breaks count twice: ITFlow escapes them once more)" \
            if self.kind in _ESCAPED else ""
        if self.max_len is not None and len(stored) > self.max_len:
            raise ITFlowInputError(limit_message(self.option, len(stored), self.max_len, "characters",
                                                 "%s (varchar(%d))" % (self.column, self.max_len), escaped))
        if self.column_bytes is not None:
            size = len(stored.encode("utf-8"))
            if size > self.column_bytes:
                wide = " in UTF-8 (each character outside ASCII takes 2 to 4 bytes)" if size > len(stored) else ""
                kind = _TEXT_TYPES.get(self.column_bytes, "TEXT")
                raise ITFlowInputError(limit_message(self.option, size, self.column_bytes, "bytes",
                                                     "%s (%s)" % (self.column, kind), wide + escaped))
        if self.max_bytes is not None:
            size = len(value.encode("utf-8"))
            if size > self.max_bytes:
                over = size - self.max_bytes
                raise ITFlowInputError("%s is %d bytes long (UTF-8); ITFlow stores at most %d: shorten it by %d byte%s." % (
                    self.option, size, self.max_bytes, over, "s" if over > 1 else ""))

    def _in_range(self, number, low, high):
        low = low if self.minimum is None else self.minimum
        high = high if self.maximum is None else self.maximum
        if not low <= number <= high:
            raise ITFlowInputError("%s must be between %s and %s, not %s." % (self.option, _num(low), _num(high), _num(number)))
        return number

    # -- comparing (both the user's value and ITFlow's string go through here)
    def compare(self, value):
        kind = self.kind
        if kind == "bool":
            if isinstance(value, bool):
                return value
            return value is not None and str(value).strip() not in ("", "0", "false", "False")
        if value is None or value is False:
            return None if kind not in _TEXT_KINDS + ("ip", "mac", "cidr") else ""
        if kind in ("text", "escaped_text"):
            return sanitise(str(value))
        if kind in ("html", "raw", "secret", "escaped"):
            return str(value)
        if kind == "digits":
            return re.sub(r"[^0-9]", "", str(value))          # ITFlow: preg_replace('/[^0-9]/', '', ...)
        if kind == "website":
            return re.sub(r"^https?://", "", sanitise(str(value)), count=1)  # case-sensitive, as ITFlow's
        if kind == "int":
            try:
                return int(str(value).strip() or 0)
            except ValueError:
                return str(value)
        if kind == "decimal":
            try:
                return round(float(value), 2)
            except ValueError:
                return str(value)
        if kind == "hms":
            parts = str(value).split(":")
            try:
                return int(parts[0]) * 3600 + int(parts[1]) * 60 + int(parts[2])
            except (ValueError, IndexError):
                return str(value)
        if kind == "date":
            text = str(value)[:10]
            return None if text in ("", "0000-00-00") else text
        if kind == "ip":
            text = str(value).strip()
            try:
                return str(ipaddress.ip_address(text))
            except ValueError:
                return text
        if kind == "mac":
            return normalise_mac(value) or mac_digits(value)
        if kind == "cidr":
            text = str(value).strip()
            try:
                return str(ipaddress.ip_network(text, strict=False))
            except ValueError:
                return text
        return value

    def same(self, current, desired, fold=False):
        """Whether ITFlow's stored value ``current`` already is the user's ``desired`` value."""
        have, want = self.compare(current), self.compare(desired)
        if fold and isinstance(have, str) and isinstance(want, str):
            have, want = have.casefold(), want.casefold()
        if have == want:
            return True
        if self.kind in _ESCAPED and isinstance(current, str) and isinstance(desired, str):
            # ITFlow adds a level of SQL escaping to document text on create and on every update:
            # the stored text is the desired text (sanitised, for a name or description) escaped k times.
            text = current
            for _level in range(32):
                unescaped = sql_unescape(text)
                if unescaped == text:
                    break
                text = unescaped
                have = self.compare(text)
                if (have.casefold() == want.casefold()) if fold else (have == want):
                    return True
        return False

    def carry(self, value):
        """The stored value to re-send unchanged in an update (ITFlow loses some fields otherwise)."""
        if self.kind in ("int", "bool"):
            try:
                return int(value or 0)
            except ValueError:
                return 0
        if value is None or value is False:
            return ""
        if self.kind in _ESCAPED:
            return unescape_fully(value)
        return value

    def present(self, value):
        """The value as a user reads it in a result or a diff (typed, secrets masked)."""
        if self.secret:
            return masked_value(value)
        if self.kind in _ESCAPED and isinstance(value, str):
            return self.compare(unescape_fully(value))
        return self.compare(value)


def _num(number):
    return ("%.2f" % number) if isinstance(number, float) and number != int(number) else "%d" % number


def _to_int(option, value):
    if isinstance(value, bool):
        raise ITFlowInputError("%s must be a whole number, not a boolean." % option)
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        raise ITFlowInputError("%s must be a whole number, not %r." % (option, value))


def check_date(option, value):
    text = value.isoformat() if isinstance(value, (datetime.date, datetime.datetime)) else str(value).strip()
    text = text[:10] if isinstance(value, datetime.datetime) else text
    if not _DATE_RE.match(text):
        raise ITFlowInputError("%s must be a date written YYYY-MM-DD, not %r (ITFlow crashes on other date formats)." % (option, value))
    try:
        datetime.date(int(text[:4]), int(text[5:7]), int(text[8:10]))
    except ValueError:
        raise ITFlowInputError("%s is not a real calendar date: %r." % (option, value))
    return text


def check_ip(option, value):
    text = str(value).strip()
    if text == "":
        return ""
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        hint = " Give the address without a /prefix length." if "/" in text else ""
        raise ITFlowInputError("%s must be an IPv4 or IPv6 address, not %r.%s" % (option, value, hint))


def check_mac(option, value):
    text = str(value).strip()
    if text == "":
        return ""
    if not _MAC_RE.match(text):
        raise ITFlowInputError("%s must be a MAC address like AA:BB:CC:DD:EE:FF, not %r." % (option, value))
    return normalise_mac(text)


def check_cidr(option, value):
    text = str(value).strip()
    try:
        return str(ipaddress.ip_network(text, strict=False))
    except ValueError:
        raise ITFlowInputError("%s must be a network in CIDR notation like 10.0.0.0/24, not %r." % (option, value))


_UNESCAPE = {"0": "\0", "n": "\n", "r": "\r", "Z": "\x1a", "\\": "\\", "'": "'", '"': '"'}


def sql_unescape(text):
    """Undo one level of MySQL string escaping (the inverse of mysqli_real_escape_string)."""
    if "\\" not in text:
        return text
    out = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in _UNESCAPE:
            out.append(_UNESCAPE[text[i + 1]])
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out)


def unescape_fully(text):
    """Undo every level of escaping ITFlow piled onto a document's name or description."""
    for _level in range(32):
        unescaped = sql_unescape(text)
        if unescaped == text:
            break
        text = unescaped
    return text
