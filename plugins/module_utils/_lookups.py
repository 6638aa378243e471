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
from ansible_collections.itflow.itflow.plugins.module_utils._resources import RESOURCES



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
        if kind not in self._cache:
            module = _ref(kind)[0]
            self._cache[kind] = self.client.read(module, {})
        return self._cache[kind]

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
        rows = self.rows(kind)
        wanted = as_id(value)
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
