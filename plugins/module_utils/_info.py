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
from ansible_collections.itflow.itflow.plugins.module_utils._resources import BY_MODULE
from ansible_collections.itflow.itflow.plugins.module_utils._typing import typed, typed_row

MASK = "********"
_MAC_DIGITS = re.compile(r"[^0-9A-F]")
_HMS = re.compile(r"^(\d+):([0-5]\d):([0-5]\d)$")


class Filter(object):
    """One filter option of one resource.

    ``param`` is the query parameter ITFlow really honours for it (None: ITFlow
    ignores or breaks on it, so it is applied on our side only); ``column`` the row
    column it is checked against on our side (None: server-side only, e.g. the
    time report's year). ``exclusive`` filters are the read.php ones, of which
    ITFlow applies only one per request; the others are always sent together.
    """

    def __init__(self, option, column, param=None, kind="text", choices=None, exclusive=True, minimum=None, maximum=None):
        self.option = option
        self.column = column
        self.param = param
        self.kind = kind
        self.choices = choices
        self.exclusive = exclusive
        self.minimum = minimum
        self.maximum = maximum

    def validate(self, resource, value):
        """The value to filter with, or ITFlowInputError naming the option."""
        if isinstance(value, (dict, list)):
            raise ITFlowInputError("%s must be a single value, not a %s." % (self.option, type(value).__name__))
        if self.kind == "int":
            if isinstance(value, bool):
                raise ITFlowInputError("%s must be a whole number, not a boolean." % self.option)
            try:
                value = int(str(value).strip())
            except ValueError:
                raise ITFlowInputError("%s must be a whole number, not %r." % (self.option, value))
            if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
                raise ITFlowInputError("%s for %s must be between %s and %s, not %s." % (
                    self.option, resource, self.minimum, self.maximum, value))
            return value
        text = str(value).strip()
        if not text:
            raise ITFlowInputError("%s must not be empty." % self.option)
        if self.choices:
            for choice in self.choices:
                if choice.casefold() == text.casefold():
                    return choice
            raise ITFlowInputError("%s for %s must be one of %s, not %r." % (self.option, resource, ", ".join(self.choices), value))
        if self.kind == "mac":
            digits = _MAC_DIGITS.sub("", text.upper())
            if len(digits) != 12:
                raise ITFlowInputError("%s must be a MAC address like AA:BB:CC:DD:EE:FF, not %r." % (self.option, value))
            return ":".join(digits[i:i + 2] for i in range(0, 12, 2))
        return text

    def matches(self, have, want):
        """Our side of the filter: exact, without regard to case (as ITFlow's collation)."""
        if have is None or have is False:
            return False
        if self.kind == "int":
            try:
                return int(str(have).strip()) == want
            except ValueError:
                return False
        if self.kind == "mac":
            return _MAC_DIGITS.sub("", str(have).upper()) == _MAC_DIGITS.sub("", want)
        return str(have).strip().casefold() == want.casefold()


class Readable(object):
    """Everything the read side needs to know about one readable ITFlow resource."""

    def __init__(self, name, prefix, filters=(), folder=None, op="read", client_column="", send_client_id=True, secrets=(),
                 decrypt=False, ints=(), needs_one_of=(), no_client=None, missing=None):
        self.name = name                        # the option value and the key of the returned list
        self.folder = folder or name            # ITFlow's endpoint folder
        self.op = op
        self.endpoint = "%s/%s.php" % (self.folder, op)
        self.prefix = prefix                    # stripped from column names in typed rows
        self.filters = list(filters)
        self.by_option = dict((f.option, f) for f in self.filters)
        # The column holding the record's client ("" = <prefix>client_id, None = the resource has no client).
        self.client_column = prefix + "client_id" if client_column == "" else client_column
        # 26.04 all-client keys filter on client_id themselves (26.08 ignores it); products, expenses and
        # payments answer nothing at all to it on 26.04 (ITFLOW-API-26.04.md §2.3).
        self.send_client_id = send_client_id and self.client_column is not None
        record = BY_MODULE.get(self.folder) if op == "read" else None
        self.secrets = tuple(secrets) + tuple(f.column for f in getattr(record, "fields", ()) if getattr(f, "secret", False)
                                              and f.column not in secrets)
        self.decrypt = decrypt or bool(getattr(record, "decrypt", False))
        self.kinds = _record_kinds(record)
        for column in ints:
            self.kinds[column] = "int"
        self.needs_one_of = tuple(needs_one_of)  # ITFlow refuses to list without one of these
        self.no_client = no_client              # why the client option does not apply
        self.missing = missing                  # which ITFlow versions lack the endpoint

    def options(self):
        names = [] if self.client_column is None else ["client"]
        return names + [f.option for f in self.filters]


def _record_kinds(record):
    """Column kinds from the resource module's record where our generic typing guesses wrong."""
    kinds = {}
    for field in getattr(record, "fields", ()):
        if field.kind in ("int", "bool", "decimal"):
            kinds[field.column] = field.kind
    return kinds


def _id(prefix, server=True):
    return Filter("id", prefix + "id", prefix + "id" if server else None, "int")


def _name(prefix, server=False):
    return Filter("name", prefix + "name", prefix + "name" if server else None)


_REPLY_TYPES = ("Internal", "Public", "Client")

READABLES = [
    # Only the unfiltered list carries the primary interface (IP, MAC): every asset filter
    # is applied on our side to the list, so every row has the same columns.
    Readable("assets", "asset_", [
        _id("asset_", server=False), Filter("type", "asset_type"), _name("asset_"), Filter("serial", "asset_serial"),
        Filter("mac", "interface_mac", kind="mac"), Filter("uri", "asset_uri"), Filter("uri_2", "asset_uri_2")]),
    Readable("certificates", "certificate_", [_id("certificate_"), _name("certificate_", server=True)]),
    # ITFlow 26.08 has no client read by id; client_id is the record's own id.
    Readable("clients", "client_", [Filter("id", "client_id", kind="int"), _name("client_", server=True)], client_column="client_id"),
    Readable("contacts", "contact_", [_id("contact_"), Filter("email", "contact_email", "contact_email"), _name("contact_")]),
    Readable("credentials", "credential_", [_id("credential_"), _name("credential_")], decrypt=True,
             secrets=("credential_password", "credential_otp_secret")),
    Readable("documents", "document_", [_id("document_"), _name("document_")], ints=("document_created_by", "document_updated_by")),
    Readable("domains", "domain_", [_id("domain_"), _name("domain_", server=True)],
             ints=("domain_registrar", "domain_webhost", "domain_dnshost", "domain_mailhost")),
    Readable("networks", "network_", [_id("network_"), _name("network_", server=True)]),
    # software_name crashes ITFlow (HTTP 500): the name is matched on our side.
    Readable("software", "software_", [_id("software_"), _name("software_")]),
    Readable("tickets", "ticket_", [_id("ticket_")],
             ints=("ticket_number", "ticket_status", "ticket_created_by", "ticket_assigned_to", "ticket_closed_by")),
    Readable("ticket_replies", "ticket_reply_", [
        _id("ticket_reply_"), Filter("ticket_id", "ticket_reply_ticket_id", "ticket_id", "int"),
        Filter("type", "ticket_reply_type", "type", choices=_REPLY_TYPES, exclusive=False)],
        client_column="ticket_client_id", send_client_id=False, ints=("ticket_reply_by", "ticket_number"),
        missing="ITFlow added ticket replies to its API in 26.08; earlier servers cannot return them."),
    Readable("locations", "location_", [_id("location_"), _name("location_")]),
    Readable("vendors", "vendor_", [_id("vendor_"), _name("vendor_")]),
    Readable("invoices", "invoice_", [_id("invoice_")], ints=("invoice_number",)),
    Readable("invoice_items", "item_", [_id("item_"), Filter("invoice_id", "item_invoice_id", "invoice_id", "int")],
             client_column=None, needs_one_of=("invoice_id", "id"),
             no_client="invoice items belong to an invoice, not directly to a client: filter by invoice_id"),
    # 26.04 answers a quote read by id only when client_id is sent too: the id is matched on our side.
    Readable("quotes", "quote_", [_id("quote_", server=False)], ints=("quote_number",)),
    Readable("products", "product_", [_id("product_"), _name("product_")], client_column=None,
             no_client="ITFlow products belong to no client"),
    Readable("expenses", "expense_", [_id("expense_")], send_client_id=False),
    Readable("payments", "payment_", [_id("payment_"), Filter("invoice_id", "payment_invoice_id", "payment_invoice_id", "int")],
             client_column=None, no_client="ITFlow payments belong to an invoice, not directly to a client: filter by invoice_id",
             missing="Only the ITFlow 26.04 build has a payments endpoint."),
    Readable("time", "", [
        Filter("year", None, "year", "int", exclusive=False, minimum=1970, maximum=9999),
        Filter("month", None, "month", "int", exclusive=False, minimum=1, maximum=12),
        Filter("technician_id", "technician_id", "technician_id", "int", exclusive=False)],
        folder="technicians", op="time", client_column="client_id"),
]

READS = dict((r.name, r) for r in READABLES)
RESOURCE_NAMES = [r.name for r in READABLES]
# Every filter option of every resource (the module's and the lookup's options).
FILTER_OPTIONS = sorted(set(f.option for r in READABLES for f in r.filters))


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


def masked(res, row):
    """A raw row with its secret columns masked."""
    return dict((k, (None if v in (None, "", False) else MASK) if k in res.secrets else v) for k, v in row.items())


def typed_view(res, row, reveal_secrets=False):
    """ITFlow's row as itflow_info returns it: typed values, prefix stripped, secrets masked unless revealed."""
    out = typed_row(row, () if reveal_secrets else res.secrets)
    for column, kind in res.kinds.items():
        if column in row and column not in res.secrets:
            out[column] = _typed_kind(kind, column, row[column])
    out = strip_prefix(res, out)
    worked = out.get("time_worked")
    if isinstance(worked, str) and _HMS.match(worked):
        hours, minutes, seconds = (int(p) for p in _HMS.match(worked).groups())
        out["time_worked_seconds"] = hours * 3600 + minutes * 60 + seconds
    return out


def _typed_kind(kind, column, value):
    if value is None or value is False:
        return None
    text = str(value).strip()
    try:
        if kind == "int":
            return int(text) if text else None
        if kind == "decimal":
            return float(text) if text else None
    except ValueError:
        return value
    if kind == "bool":
        return text not in ("", "0")
    return typed(column, value)


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
        if res.decrypt and any(row.get("credential_password") is False for row in out):
            self.warnings.append(
                "ITFlow could not decrypt the password of some %s (they read as false): the decrypt password is wrong or "
                "belongs to another API key." % res.name)
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
