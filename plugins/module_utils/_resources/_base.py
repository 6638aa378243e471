# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shape of a resource definition: everything ITFlow-specific about one API module.

A managed resource (one the modules write) is a ``Resource``: endpoint folder, id field, column
prefix, natural key, fields and their kinds, secrets, references, operations, read filters, and
its quirks as named methods that a definition overrides. Read-only resources (invoices, time...)
are a ``Readable`` only. Nothing else in the collection keeps a table about a resource: the
engine, itflow_bulk, itflow_info, the lookup, the inventory and the callback derive what they
need from these definitions (see docs/dev/architecture.md).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowInputError
from ansible_collections.itflow.itflow.plugins.module_utils._typing import mac_digits, normalise_mac

# What the 26.04 build's domains and networks create/update do, for their failure messages.
CRASHES_2604 = ("the 26.04 build's %s/%s.php crashes (HTTP 500) on every call because it writes columns its own database "
                "does not have, so no request can succeed")

# Option names that ansible-test's sanity heuristic takes for secrets: say no_log=False where they are not.
_LOOKS_SECRET = re.compile(r"(key|pass|secret|token)")


class Filter(object):
    """One read filter of one resource (itflow_info and the lookup).

    ``param`` is the query parameter ITFlow really honours for it (None: ITFlow ignores or
    breaks on it, so it is applied on our side only); ``column`` the row column it is checked
    against on our side (None: server-side only, e.g. the time report's year). ``exclusive``
    filters are the read.php ones, of which ITFlow applies only one per request.
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
            return self._validate_int(resource, value)
        text = str(value).strip()
        if not text:
            raise ITFlowInputError("%s must not be empty." % self.option)
        if self.choices:
            for choice in self.choices:
                if choice.casefold() == text.casefold():
                    return choice
            raise ITFlowInputError("%s for %s must be one of %s, not %r." % (self.option, resource, ", ".join(self.choices), value))
        if self.kind == "mac":
            mac = normalise_mac(text)
            if mac is None:
                raise ITFlowInputError("%s must be a MAC address like AA:BB:CC:DD:EE:FF, not %r." % (self.option, value))
            return mac
        return text

    def _validate_int(self, resource, value):
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
            return mac_digits(have) == mac_digits(want)
        return str(have).strip().casefold() == want.casefold()


def id_filter(prefix, server=True):
    return Filter("id", prefix + "id", prefix + "id" if server else None, "int")


def name_filter(prefix, server=False):
    return Filter("name", prefix + "name", prefix + "name" if server else None)


class Readable(object):
    """What the read side (itflow_info, the lookup) needs to know about one readable ITFlow resource."""

    def __init__(self, name, prefix, filters=(), folder=None, op="read", client_column="", send_client_id=True, secrets=(),
                 decrypt=False, ints=(), needs_one_of=(), no_client=None, missing=None, kinds=None):
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
        # payments answer nothing at all to it on 26.04.
        self.send_client_id = send_client_id and self.client_column is not None
        self.secrets = tuple(secrets)
        self.decrypt = decrypt
        self.kinds = dict(kinds or {})
        for column in ints:
            self.kinds[column] = "int"
        self.needs_one_of = tuple(needs_one_of)  # ITFlow refuses to list without one of these
        self.no_client = no_client              # why the client option does not apply
        self.missing = missing                  # which ITFlow versions lack the endpoint

    def options(self):
        names = [] if self.client_column is None else ["client"]
        return names + [f.option for f in self.filters]


_FILTER_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .,:;@()+=/#!?*'\"$^~|{}\[\]_-]*$")


def filter_safe(text):
    """Whether ITFlow's exact read filter is sure to find a stored ``text`` (and all its case variants).

    Filters compare under the database collation (case- and accent-insensitive, trailing spaces
    ignored) where the collection compares casefolded, tag-stripped, trimmed text. For plain ASCII
    without tags, escapes or edge spaces both agree; anything else is read through the list.
    """
    return isinstance(text, str) and len(text) <= 200 and text == text.strip() and bool(_FILTER_SAFE.match(text))


def field_spec(field):
    """A field's AnsibleModule argument spec entry: references take a name or an id."""
    if field.ref:
        return dict(type="raw")
    return dict(type={"bool": "bool", "int": "int", "decimal": "float"}.get(field.kind, "str"))


class Resource(object):
    """Definition of one ITFlow API module that the collection writes.

    Subclasses override the quirk methods below; everything else is data given to __init__.
    """

    # Operations ITFlow needs in a create body (checked before any request).
    create_requires = ()
    # Options always sent on update (from the current record if not set): ITFlow clears them otherwise.
    carry = ()
    # Text added to the failure message of an operation (create, update, delete, verify...).
    explanations = {}
    # A child record's parent: {"option", "ref", "filter", "send"} (ticket replies of a ticket).
    parent = None
    # No delete works through the API: itflow_bulk's purge archives instead.
    purge_archives = False
    # Options a module has beside the fields: {option: argument spec entry}.
    extra_options = {}
    # Argument spec entries added to a field's derived one: {option: {"required": True, "choices": [...]}}.
    option_overrides = {}
    # Whether candidates() narrows the rows the natural key is matched among (tickets: open ones).
    narrows_candidates = False

    def __init__(self, name, module, fields, plural=None, prefix=None, natural_key=("name",), client_scoped=True,
                 client_required=True, ops=("create", "update", "delete"), list_for_one=False, decrypt=False, label=None,
                 plural_label=None, reads=None, ref_columns=None, global_refs=False, key_filter=None):
        self.name = name                    # singular, as modules return it ("asset")
        self.module = module                # ITFlow's endpoint folder ("assets")
        self.plural = plural or module      # as itflow_info returns it
        self.prefix = prefix or (name + "_")
        self.id_field = self.prefix + "id"
        self.fields = list(fields)
        self.by_option = dict((f.option, f) for f in self.fields)
        self.natural_key = tuple(natural_key)
        self.client_scoped = client_scoped
        self.client_required = client_required
        self.client_column = self.prefix + "client_id" if client_scoped else None
        self.archived_column = self.prefix + "archived_at"
        self.ops = tuple(ops)
        self.list_for_one = list_for_one    # a by-id read lacks columns the engine needs: read the list
        self.decrypt = decrypt              # reads need the decrypt password
        self.label = label or name          # "ticket reply"
        self.plural_label = plural_label or self.label + "s"
        # The server-side filter that finds records by the natural key (None: ITFlow has none that works).
        self.key_filter = key_filter
        # How other records name this one (lookups): columns tried in order, and whether global (client 0)
        # records count too.
        self.ref_columns = tuple(ref_columns or (self.field(self.natural_key[0]).column,))
        self.global_refs = global_refs
        self.secrets = tuple(f.option for f in self.fields if f.secret)
        self.flag = self.make_flag()
        # How itflow_info and the lookup read it: filters (default: id by ITFlow, name on our side), more.
        reads = dict(reads or {})
        reads.setdefault("filters", [id_filter(self.prefix), name_filter(self.prefix)])
        reads.setdefault("client_column", "" if client_scoped else None)
        self.readable = Readable(
            self.plural, self.prefix, folder=module, secrets=tuple(f.column for f in self.fields if f.secret), decrypt=decrypt,
            kinds=dict((f.column, f.kind) for f in self.fields if f.kind in ("int", "bool", "decimal")), **reads)

    # ------------------------------------------------------------------ derived facts
    def field(self, option):
        return self.by_option[option]

    def make_flag(self):
        """The state that is a flag on the record, set and cleared by its own endpoints (default: archived)."""
        if "archive" not in self.ops:
            return None
        column = self.archived_column
        return {"state": "archived", "on": "archive", "off": "unarchive" if "unarchive" in self.ops else None,
                "test": lambda row: bool(row.get(column))}

    def states(self):
        states = ["present"]
        if self.flag:
            states.append(self.flag["state"])
        if "delete" in self.ops:
            states.append("absent")
        return states

    def has_id_option(self):
        return any(op != "create" for op in self.ops)

    def argument_spec(self):
        """The module's argument spec, derived from the definition (secrets no_log)."""
        spec = {"state": dict(type="str", default="present", choices=self.states())}
        if self.has_id_option():
            spec["id"] = dict(type="int")
        if self.client_scoped or self.parent:
            spec["client"] = dict(type="raw")
        if self.parent:
            spec[self.parent["option"]] = dict(type="raw", required=True)
        for field in self.fields:
            spec[field.option] = field_spec(field)
            spec[field.option].update(self.option_overrides.get(field.option, {}))
            if field.secret:
                spec[field.option]["no_log"] = True
            elif _LOOKS_SECRET.search(field.option):
                spec[field.option]["no_log"] = False
        for option, entry in self.extra_options.items():
            spec[option] = dict(entry)
        return spec

    def required_one_of(self):
        return [(self.natural_key[0], "id")] if self.has_id_option() else []

    # ------------------------------------------------------------------ rows
    def record_client(self, row):
        """The client id a write must carry for this record (ITFlow matches on it)."""
        if not self.client_scoped:
            return None
        value = row.get(self.client_column)
        try:
            return int(value or 0)
        except ValueError:
            return 0

    def record_id(self, row):
        return int(row[self.id_field])

    def display_name(self, row):
        return row.get(self.field(self.natural_key[0]).column)

    # ------------------------------------------------------------------ quirks (overridden per resource)
    def check_params(self, params):
        """Refuse combinations ITFlow cannot hold, before any request (raise ITFlowInputError)."""

    def normalise_row(self, row):
        """Undo what ITFlow adds to every row it returns (backslashes, <br>...)."""
        return row

    def prepare_write(self, op, payload, current, values):
        """Adjust a create or update body; may raise ITFlowInputError."""
        return payload

    def check_update(self, current, changes):
        """Refuse an update ITFlow would get wrong for this record (raise ITFlowInputError)."""

    def candidates(self, rows, params, matches):
        """The rows the natural key is matched among (only where narrows_candidates); ``matches(rows, params)``
        finds the rows that match the key."""
        return rows

    def key_rows(self, finder, params, client_id):
        """Rows that surely include every record the natural key in ``params`` matches, read with ITFlow's
        own filter (``key_filter``), or None when no filter can decide (then the client's list is read)."""
        if not self.key_filter or finder.preloaded is not None:
            return None
        value = params.get(self.natural_key[0])
        if not filter_safe(value):
            return None
        return finder.filtered({self.key_filter: value}, client_id)

    def after_list(self, finder, rows, client_id):
        """Called with every list a run reads of this resource (the credential index remembers ids from it)."""

    def after_create(self, finder, row, client_id):
        """Called once a created record is confirmed."""

    def write_client_id(self, row):
        """The client_id every write about this record carries (ITFlow matches on it)."""
        return self.record_client(row) if self.client_scoped else None

    def explain(self, op):
        return self.explanations.get(op)
