# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shape of a resource record: everything ITFlow-specific about one API module.

The engine reads these and nothing else: the endpoint folder, the id field, the
column prefix, the natural key, the option-to-column names and kinds, which
operations a server may have, and the quirks that must be worked around. No
version table is kept: the engine tries the operation and interprets the answer.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class Resource(object):
    """Description of one ITFlow API module."""

    def __init__(self, name, module, fields, plural=None, prefix=None, natural_key=("name",), client_scoped=True,
                 client_required=True, ops=("create", "update", "delete"), carry=(), list_for_one=False,
                 quirks=None, decrypt=False, label=None):
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
        self.carry = tuple(carry)           # options always sent on update (from the current record if not set)
        self.list_for_one = list_for_one    # a by-id read lacks columns the engine needs: read the list
        # quirks: "normalise_row"(row) -> row, applied to every row read (e.g. undo added backslashes);
        # "prepare"(op, payload, current, values) -> payload, applied to create/update bodies;
        # "explain": {op: text} added to the failure message of that operation;
        # "check"(params): raises ITFlowInputError for combinations ITFlow cannot hold (before any request);
        # "create_requires": options ITFlow needs to create one (checked before any request);
        # "candidates"(engine, rows, params) -> rows the natural key is matched among;
        # "flag": a state set by its own endpoint ({"state", "on", "off", "test"}), default archived;
        # "self_client_id": the record's own id is its client_id (clients); "interface": asset interface rules.
        self.quirks = quirks or {}
        self.decrypt = decrypt              # reads need the decrypt password
        self.label = label or name
        # The state that is a flag on the record, set and cleared by its own endpoints.
        self.flag = (quirks or {}).get("flag")
        if self.flag is None and "archive" in self.ops:
            column = self.archived_column
            self.flag = {"state": "archived", "on": "archive", "off": "unarchive" if "unarchive" in self.ops else None,
                         "test": lambda row: bool(row.get(column))}

    def field(self, option):
        return self.by_option[option]

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
        key = self.natural_key[0]
        return row.get(self.field(key).column)
