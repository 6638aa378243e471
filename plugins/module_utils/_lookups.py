# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Turn what users write (a client name, a vendor name, a contact e-mail) into ITFlow ids.

Each resource is read once per run and matched in memory; ITFlow's own name
filters are not used because several are silently ignored.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils._errors import (
    ITFlowAmbiguous,
    ITFlowInputError,
    ITFlowNotFound,
)
from ansible_collections.itflow.itflow.plugins.module_utils._registry import RESOURCES
from ansible_collections.itflow.itflow.plugins.module_utils._resources._base import filter_safe


def _ref(kind):
    """(endpoint folder, id column, client column, name columns, whether global records count) of a resource."""
    res = RESOURCES[kind]
    return res.module, res.id_field, res.client_column, res.ref_columns, res.global_refs


class NewRef(object):
    """Check mode only: a reference to a record that does not exist yet, which an earlier task of the
    same run would create (a new client's locations, say). A record in a new client cannot exist
    either, so it is planned as a create; the reference shows as "Main Clinic (new)"."""

    def __init__(self, kind, value, option):
        self.kind = kind
        self.value = value
        self.option = option

    def __str__(self):
        return "%s (new)" % self.value

    def __eq__(self, other):
        return isinstance(other, NewRef) and (self.kind, str(self.value)) == (other.kind, str(other.value))

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash((self.kind, str(self.value)))

    def warning(self):
        return ("%s %r does not exist in ITFlow yet: the plan assumes an earlier task of this run creates it (option %s). If "
                "none does, the real run fails here: check the spelling." % (self.kind, self.value, self.option))


def as_id(value):
    """An int for ints and all-digit strings, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if text.isdigit():
        return int(text)
    return None


class Lookups(object):
    def __init__(self, client):
        self.client = client
        self._cache = {}

    def rows(self, kind):
        """Every record of ``kind`` the key can see, read once per run."""
        if kind not in self._cache:
            self._cache[kind] = self.client.read(_ref(kind)[0], {})
        return self._cache[kind]

    def named_rows(self, kind, value):
        """The records ITFlow's own filter finds for a name, or None where no filter can decide (see filter_safe).

        Only a hit is trusted: when the filter finds nothing, the whole list is read, so a record named
        another way (a contact by name rather than e-mail) is still found.
        """
        res = RESOURCES[kind]
        if not res.key_filter or res.ref_columns[0] != res.field(res.natural_key[0]).column or not filter_safe(value):
            return None
        key = (kind, value)
        if key not in self._cache:
            self._cache[key] = self.client.read(res.module, {res.key_filter: value})
        wanted = value.casefold()
        found = [r for r in self._cache[key] if str(r.get(res.ref_columns[0]) or "").strip().casefold() == wanted]
        return self._cache[key] if found else None

    def client_of(self, kind, record_id):
        """The client id of a record of ``kind`` (read once per run), or None when it is not visible."""
        _module, id_col, client_col, _names, _global = _ref(kind)
        for row in self.rows(kind):
            if str(row.get(id_col)) == str(record_id):
                try:
                    return int(row.get(client_col) or 0)
                except ValueError:
                    return None
        return None

    def forget(self, kind):
        self._cache.pop(kind, None)

    def client_row(self, value):
        return self._row("client", value, None, "client")

    def client_id(self, value):
        return int(self.client_row(value)["client_id"])

    def client_name(self, client_id):
        for row in self.rows("client"):
            if str(row.get("client_id")) == str(client_id):
                return row.get("client_name")
        return None

    def ref_id(self, kind, value, client_id, option):
        """Resolve an option that names another record. 0 or "" means none."""
        if value in (0, "", "0"):
            return 0
        if client_id is None and _ref(kind)[2] is not None and as_id(value) is None:
            raise ITFlowInputError("%s is given by name (%r), which needs client to find it; give the id instead, or set client." % (option, value))
        return int(self._row(kind, value, client_id, option)[_ref(kind)[1]])

    def _row(self, kind, value, client_id, option):
        module, id_col, client_col, name_cols, global_ok = _ref(kind)
        if isinstance(value, (dict, list)):
            raise ITFlowInputError("%s must be a name or an id, not a %s." % (option, type(value).__name__))
        wanted = as_id(value)
        rows = (wanted is None and self.named_rows(kind, str(value).strip())) or self.rows(kind)
        if wanted is not None:
            found = [r for r in rows if str(r.get(id_col)) == str(wanted)]
        else:
            text = str(value).strip().casefold()
            if not text:
                raise ITFlowInputError("%s must not be empty." % option)
            found = []
            for col in name_cols:
                found = [r for r in rows if str(r.get(col) or "").strip().casefold() == text]
                if found:
                    break
        if client_col is not None and client_id is not None:
            allowed = (str(client_id), "0") if global_ok else (str(client_id),)
            found = [r for r in found if str(r.get(client_col) or "0") in allowed]
        where = "" if client_col is None or client_id is None else " in client %s" % client_id
        named = "" if option == kind else " (option %s)" % option
        if not found:
            raise ITFlowNotFound(
                "No %s %r%s is visible to this API key%s (looked in ITFlow's %s)." % (kind, value, where, named, module),
                hint="Check the spelling of %s, or the key's client access." % option)
        if len(found) > 1:
            raise ITFlowAmbiguous(
                "%d %s records match %s=%r%s: ids %s; ITFlow does not keep names unique." % (
                    len(found), kind, option, value, where, ", ".join(str(r.get(id_col)) for r in found)),
                hint="Give %s as one of these ids instead of the name." % option)
        return found[0]
