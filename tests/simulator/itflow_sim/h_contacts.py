"""contacts: ITFLOW-API.md §6; ITFLOW-API-26.04.md §4.2."""

from .db import now
from .model import (F, created, create_failed, deleted, fail, model, post_int, rows_result, select, updated,
                    UPDATE_FAILED)
from .php import intval, php_empty

FIELDS = [
    F("contact_name"),
    F("contact_title"),
    F("contact_department"),
    F("contact_email"),
    F("contact_phone", conv="digits"),      # digits only, no tag stripping
    F("contact_extension", conv="digits"),
    F("contact_mobile", conv="digits"),
    F("contact_notes"),
    F("contact_primary", conv="int", default="0"),
    F("contact_important", conv="int", default="0"),
    F("contact_billing", conv="int", default="0"),
    F("contact_technical", conv="int", default="0"),
    F("contact_location_id", conv="int", default="0", quoted=False),
]

SCOPE = "contact_client_id"


def read(req):
    """contact_id; contact_email (all matches, no LIMIT); contact_phone_or_mobile (first match;
    ``mobile = X OR (phone = X AND <scope>)``: only the phone branch is client-scoped); the list."""
    query = req.query
    if "contact_id" in query:
        return rows_result(select(req, "contacts", "contact_id = ?", [intval(query["contact_id"])], SCOPE, single=True))
    if "contact_email" in query:
        return rows_result(select(req, "contacts", "contact_email = ? COLLATE FOLD", [query["contact_email"]], SCOPE,
                                  single=True))
    if "contact_phone_or_mobile" in query:
        value = query["contact_phone_or_mobile"]
        scope_sql, scope_params = req.scope(SCOPE)
        sql = "SELECT %s FROM contacts WHERE contact_mobile = ? OR (contact_phone = ?%s) ORDER BY contacts.contact_id LIMIT 1" % (
            req.db.select_list("contacts"), scope_sql)
        return rows_result(req.db.query(sql, [value, value] + scope_params))
    return rows_result(select(req, "contacts", "1=1", [], SCOPE))


def _clear_primary(req, client_id):
    req.db.update("contacts", {"contact_primary": 0}, "contact_client_id = ?", (client_id,))


def create(req):
    """Email unique within the client (create only); contact_primary:1 clears the others."""
    values = model(req.body, FIELDS)
    if php_empty(values["contact_name"]) or php_empty(values["contact_email"]) or php_empty(req.client_id):
        return create_failed()
    db = req.db
    if db.scalar("SELECT 1 FROM contacts WHERE contact_email = ? AND contact_client_id = ?",
                 (values["contact_email"], req.client_id)):
        return create_failed()
    if intval(values["contact_primary"]) == 1:
        _clear_primary(req, req.client_id)
    row = dict(values)
    row["contact_client_id"] = req.client_id
    contact_id = db.insert("contacts", row)
    name = values["contact_name"]
    req.log("Contact", "Create", "%s via API (%s)" % (name, req.key_name), req.client_id, contact_id)
    req.log("API", "Success", "Created contact %s via API (%s)" % (name, req.key_name), req.client_id)
    return created(contact_id)


def update(req):
    """26.08: looked up and written by id + client. A primary contact always answers True (its
    flag is cleared, then set again); contact_primary:1 with a bad id still clears the client's
    primaries. 26.04: looked up by id + client but written by id alone, moving the contact to the
    working client; on a missed lookup every omitted field is written empty (§4.2)."""
    contact_id = post_int(req.body, "contact_id")
    if not contact_id:
        return fail(UPDATE_FAILED)
    db = req.db
    row = db.row("contacts", "contact_id = ? AND contact_client_id = ?", (contact_id, req.client_id))
    values = model(req.body, FIELDS, row)
    if intval(values["contact_primary"]) == 1:
        _clear_primary(req, req.client_id)
    values["contact_client_id"] = req.client_id
    if req.old:
        count = db.update("contacts", values, "contact_id = ?", (contact_id,), limit=1)
    else:
        count = db.update("contacts", values, "contact_id = ? AND contact_client_id = ?", (contact_id, req.client_id), limit=1)
    name = values["contact_name"]
    req.log("Contact", "Edit", "%s via API (%s)" % (name, req.key_name), req.client_id, contact_id)
    req.log("API", "Success", "Edited contact %s via API (%s)" % (name, req.key_name), req.client_id)
    return updated(count)


def _set_archived(req, archiving):
    contact_id = post_int(req.body, "contact_id")
    if not contact_id:
        return updated(0)
    db = req.db
    state = "IS NULL" if archiving else "IS NOT NULL"
    row = db.row("contacts", "contact_id = ? AND contact_client_id = ? AND contact_archived_at %s" % state,
                 (contact_id, req.client_id))
    if not row:
        return updated(0)
    user_id = intval(row["contact_user_id"])
    if user_id > 0:  # the contact's portal user follows (code reading only)
        db.update("users", {"user_archived_at": now() if archiving else None}, "user_id = ?", (user_id,))
    if archiving:
        values = {"contact_important": 0, "contact_billing": 0, "contact_technical": 0, "contact_archived_at": now()}
    else:
        values = {"contact_archived_at": None}  # important/billing/technical are not restored
    count = db.update("contacts", values, "contact_id = ? AND contact_client_id = ?", (contact_id, req.client_id))
    verb = "archived" if archiving else "unarchived"
    req.log("Contact", "Archive" if archiving else "Unarchive", "%s %s via API (%s)" % (row["contact_name"], verb, req.key_name),
            req.client_id, contact_id)
    return updated(count)


def archive(req):
    """No client-access check on 26.08 (§1.6)."""
    return _set_archived(req, True)


def unarchive(req):
    return _set_archived(req, False)


def delete(req):
    """Hard delete; an empty stored name answers failure after deleting (26.04 §4.2)."""
    contact_id = post_int(req.body, "contact_id")
    if not contact_id:
        return deleted(0)
    db = req.db
    where, params = "contact_id = ? AND contact_client_id = ?", (contact_id, req.client_id)
    row = db.row("contacts", where, params)
    name = row["contact_name"] if row else None
    count = db.delete("contacts", where, params, limit=1)
    if php_empty(name):
        return deleted(0)
    req.log("Contact", "Delete", "%s via API (%s)" % (name, req.key_name), req.client_id, raw=True)
    return deleted(count)
