"""clients: ITFLOW-API.md §5; ITFLOW-API-26.04.md §4.1."""

import re

from .db import now
from .model import F, created, create_failed, deleted, filtered_read, Filter, model, updated
from .php import clean, php_empty, php_str


def _abbreviation(value):
    # escapeSql(substr($value, 0, 6)): six *bytes*; a cut UTF-8 character makes PHP re-read the
    # string as Windows-1252.
    cut = php_str(value).encode("utf-8")[:6]
    try:
        text = cut.decode("utf-8")
    except UnicodeDecodeError:
        text = cut.decode("cp1252", "replace")
    return clean(text)


def _website(value):
    return re.sub(r"^https?://", "", clean(value))


FIELDS = [
    F("client_name"),
    F("client_type"),
    F("client_website", conv=_website),
    F("client_referral"),
    F("client_rate", conv="float", default=0, quoted=False),
    F("client_currency_code"),
    F("client_net_terms", conv="int", default=0, quoted=False),
    F("client_tax_id_number"),
    F("client_abbreviation", conv=_abbreviation),
    # Input client_is_lead, column client_lead. The update falls back to $row['client_is_lead'],
    # which does not exist: NULL put into the SQL unquoted -> syntax error -> HTTP 500 (§5).
    F("client_is_lead", conv="int", default=0, quoted=False),
    F("client_notes"),
]


def _columns(values):
    out = dict(values)
    out["client_lead"] = out.pop("client_is_lead")
    return out


def read(req):
    """client_name (exact, no LIMIT) or the list; 26.04 all-clients keys also filter on client_id."""
    return filtered_read(req, "clients", "client_id", [Filter("client_name", col="client_name COLLATE FOLD", mode="eq_all")])


def create(req):
    values = model(req.body, FIELDS)
    if php_empty(values["client_name"]) or req.client_id != 0:
        return create_failed()
    row = _columns(values)
    row["client_accessed_at"] = now()
    client_id = req.db.insert("clients", row)
    name = values["client_name"]
    req.log("Client", "Create", "%s via API (%s)" % (name, req.key_name), client_id)
    req.log("API", "Success", "Created client %s via API (%s)" % (name, req.key_name), client_id)
    return created(client_id)


def update(req):
    if php_empty(req.client_id):
        return updated(0)
    row = req.db.row("clients", "client_id = ?", (req.client_id,))
    values = model(req.body, FIELDS, row)
    count = req.db.update("clients", _columns(values), "client_id = ?", (req.client_id,), limit=1)
    name = values["client_name"]
    req.log("Client", "Edit", "%s via API (%s)" % (name, req.key_name), req.client_id)
    req.log("API", "Success", "Edited client %s via API (%s)" % (name, req.key_name), req.client_id)
    return updated(count)


def _set_archived(req, archiving):
    if php_empty(req.client_id):
        return updated(0)
    state = "IS NULL" if archiving else "IS NOT NULL"
    row = req.db.row("clients", "client_id = ? AND client_archived_at %s" % state, (req.client_id,))
    if not row:
        return updated(0)
    stamp = now() if archiving else None
    count = req.db.update("clients", {"client_archived_at": stamp}, "client_id = ?", (req.client_id,))
    verb = "archived" if archiving else "unarchived"
    # ITFlow logs these under the type "Contact".
    req.log("Contact", "Archive" if archiving else "Unarchive", "%s %s via API (%s)" % (row["client_name"], verb, req.key_name),
            req.client_id)
    return updated(count)


def archive(req):
    """No client-access check on 26.08 (§1.6); a scoped 26.04 key acts on its own client."""
    return _set_archived(req, True)


def unarchive(req):
    return _set_archived(req, False)


def delete(req):
    """26.04: needs a non-zero client_id in the body *and* a working client of 0, but the body's
    client_id becomes the working client: it can never succeed (26.04 §4.1)."""
    del req
    return deleted(0)
