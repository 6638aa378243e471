# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Give ITFlow's all-strings rows real types (ints, floats, bools, dates as text, null).

ITFlow returns every value as a string or null. Column names follow fixed patterns
(``*_id``, ``*_at``, ``*_favorite``...), which is what this typing goes by, so it also
covers read-only resources that have no record (invoices, quotes, expenses...).
Secrets are not typed here; callers mask them.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

_BOOL_SUFFIXES = ("_favorite", "_primary", "_important", "_billing", "_technical", "_lead", "_billable", "_onsite",
                  "_client_visible", "_active", "_pauses_sla", "_sla_met", "_is_lead", "_archived")
_INT_SUFFIXES = ("_id", "_seats", "_vlan", "_net_terms", "_order", "_count", "_stage")
_DECIMAL_SUFFIXES = ("_rate", "_amount", "_price", "_balance", "_tax", "_subtotal", "_total", "_cost", "_qty",
                     "_quantity", "_discount")
_INT_EXACT = ("count", "time_worked_seconds")
_TEXT_EXCEPTIONS = ("ticket_vendor_ticket_number", "client_tax_id_number", "asset_uri_client")
_NOT_HEX = re.compile(r"[^0-9A-F]")
MASK = "********"
_DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$")


def column_kind(column):
    if column in _TEXT_EXCEPTIONS:
        return "text"
    if column in _INT_EXACT:
        return "int"
    for suffix in _BOOL_SUFFIXES:
        if column.endswith(suffix):
            return "bool"
    for suffix in _INT_SUFFIXES:
        if column.endswith(suffix):
            return "int"
    for suffix in _DECIMAL_SUFFIXES:
        if column.endswith(suffix):
            return "decimal"
    if column.endswith("_at") or column.endswith("_date") or column.endswith("_expire") or column in ("software_purchase",):
        return "date"
    return "text"


def _text(value):
    return value if isinstance(value, str) else str(value)


def _number(parse):
    def convert(value):
        text = _text(value)
        try:
            return parse(text) if text.strip() != "" else None
        except ValueError:
            return value
    return convert


_to_int = _number(int)
_to_decimal = _number(float)


def _to_bool(value):
    return _text(value).strip() not in ("", "0")


def _to_date(value):
    text = _text(value)
    if text.startswith("0000-00-00") or text == "":
        return None
    return text if _DATETIME_RE.match(text) else value


_CONVERTERS = {"int": _to_int, "decimal": _to_decimal, "bool": _to_bool, "date": _to_date}


def converter(kind):
    """The function that gives one value of ``kind`` its type (None for text, which is kept as sent).

    It takes a value that is not None or False (both are null, checked by the caller); a value that
    does not parse is returned as ITFlow sent it. ``typed`` is ``converter(column_kind(column))``
    applied; callers that type many rows look it up once per column instead of once per value.
    """
    return _CONVERTERS.get(kind)


def typed(column, value):
    """One value with its real type. Values that do not parse are kept as ITFlow sent them."""
    if value is None or value is False:
        return None
    convert = _CONVERTERS.get(column_kind(column))
    return value if convert is None else convert(value)


def typed_kind(kind, column, value):
    """One value typed as ``kind`` (int, decimal, bool) where the column's name alone would guess wrong."""
    if value is None or value is False:
        return None
    if kind in ("int", "decimal", "bool"):
        return _CONVERTERS[kind](value)
    return typed(column, value)


def typed_row(row, secret_columns=()):
    out = {}
    for column, value in row.items():
        if column in secret_columns:
            out[column] = masked_value(value)
        else:
            out[column] = typed(column, value)
    return out


def masked_value(value):
    """What a secret shows as: the mask, or None when there is none."""
    return None if value in (None, "", False) else MASK


def mac_digits(value):
    """A MAC address as its twelve hex digits, upper case, nothing else (for comparing)."""
    return _NOT_HEX.sub("", str(value or "").upper())


def normalise_mac(value):
    """AA:BB:CC:DD:EE:FF from any spelling of a MAC address, or None when it is not one."""
    digits = mac_digits(value)
    if len(digits) != 12:
        return None
    return ":".join(digits[i:i + 2] for i in range(0, 12, 2))
