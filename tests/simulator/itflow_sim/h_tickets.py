"""tickets (ITFLOW-API.md §10, 26.04 §4.9), ticket_replies (§11) and technicians/time.php (§15)."""

import datetime
import re

from . import crypto
from .db import now
from .model import F, Result, created, create_failed, delete_by_id, model, paged, post_int, rows_result, select, updated
from .php import Crash, clean, intval, isset, php_empty, php_str

FIELDS = [
    F("ticket_contact_id", conv="int", default="0", quoted=False),
    F("ticket_asset_id", conv="int", default="0", quoted=False),
    F("ticket_subject"),
    F("ticket_priority", default="Low"),                        # not validated
    F("ticket_details", conv=lambda v: php_str(v) + "<br>", default="< blank ><br>"),  # HTML kept
    F("ticket_vendor_id", conv="int", default="0", quoted=False),
    # Sent: intval ("V-123" -> 0). The update falls back to $row['ticket_vendor_ticket_id'],
    # a column that does not exist: every update without it resets the number to '' (26.04 §4.9).
    F("ticket_vendor_ticket_id", conv="int", default="0"),
    F("ticket_assigned_to", conv="int", default="0", quoted=False),
    F("ticket_billable", conv="int", default="0", quoted=False),
]

SCOPE = "ticket_client_id"


def _columns(values):
    out = dict(values)
    out["ticket_vendor_ticket_number"] = out.pop("ticket_vendor_ticket_id")
    return out


def read(req):
    """By id the row also carries its ticket_statuses columns; the list does not."""
    if "ticket_id" in req.query:
        rows = select(req, "tickets", "ticket_id = ?", [intval(req.query["ticket_id"])], SCOPE, single=True,
                      columns=[("tickets", None), ("ticket_statuses", None)],
                      from_sql="tickets LEFT JOIN ticket_statuses ON ticket_status = ticket_status_id")
        return rows_result(rows)
    return rows_result(select(req, "tickets", "1=1", [], SCOPE))


def create(req):
    """Subject required; no contact -> the client's primary contact; number from settings."""
    values = model(req.body, FIELDS)
    if php_empty(values["ticket_subject"]):
        return create_failed()
    db = req.db
    client_id = req.client_id
    if intval(values["ticket_contact_id"]) == 0 and client_id != 0:
        primary = db.first("SELECT CAST(contact_id AS TEXT) AS contact_id FROM contacts "
                           "WHERE contact_client_id = ? AND contact_primary = 1 ORDER BY contacts.contact_id", (client_id,))
        values["ticket_contact_id"] = intval(primary["contact_id"]) if primary else 0
    number = db.next_number("config_ticket_next_number")
    prefix = db.setting("config_ticket_prefix")
    row = _columns(values)
    row.update({"ticket_prefix": prefix, "ticket_number": number, "ticket_source": "API", "ticket_status": 1,
                "ticket_created_by": 0, "ticket_url_key": crypto.random_string(32), "ticket_client_id": client_id})
    ticket_id = db.insert("tickets", row)  # 26.08 applyTicketSla(): no SLA configured -> defaults
    subject = values["ticket_subject"]
    req.log("Ticket", "Create", "Created ticket %s%s %s via API (%s)" % (prefix, number, subject, req.key_name), client_id, ticket_id)
    req.log("API", "Success", "Created ticket %s%s %s via API (%s)" % (prefix, number, subject, req.key_name), client_id)
    return created(ticket_id)


def history(req, ticket_id, description):
    """logTicketHistory(): the status name is looked up at the time of the call."""
    status = req.db.first("SELECT ticket_status_name FROM tickets LEFT JOIN ticket_statuses ON ticket_status = ticket_status_id "
                          "WHERE ticket_id = ?", (ticket_id,))
    req.db.insert("ticket_history", {"ticket_history_status": (status or {}).get("ticket_status_name") or "",
                                     "ticket_history_description": description[:255], "ticket_history_ticket_id": ticket_id})


def _first_response(req, ticket_id):
    req.db.update("tickets", {"ticket_first_response_at": now()},
                  "ticket_id = ? AND ticket_first_response_at IS NULL", (ticket_id,))


def resolve(req):
    """Status 4 + resolved_at (+ first response). 26.08 writes ticket history, also a junk row
    with ticket id 0 on every failed call; 26.04 writes none (§10, 26.04 §4.9)."""
    ticket_id = post_int(req.body, "ticket_id")
    if not ticket_id:
        return updated(0)
    db = req.db
    row = db.row("tickets", "ticket_id = ? AND ticket_resolved_at IS NULL AND ticket_client_id = ?", (ticket_id, req.client_id))
    ticket_id = intval(row["ticket_id"]) if row else 0
    prefix = clean(row["ticket_prefix"]) if row else ""
    number = intval(row["ticket_number"]) if row else 0
    if not row or php_empty(row["ticket_first_response_at"]):
        if req.old:
            db.update("tickets", {"ticket_first_response_at": now()}, "ticket_id = ? AND ticket_client_id = ?",
                      (ticket_id, req.client_id), limit=1)
        else:
            _first_response(req, ticket_id)
    count = db.update("tickets", {"ticket_status": 4, "ticket_resolved_at": now()}, "ticket_id = ? AND ticket_client_id = ?",
                      (ticket_id, req.client_id), limit=1)
    if not req.old:
        history(req, ticket_id, "Resolved via the API (%s)" % req.key_name)
    req.log("Ticket", "Resolved", "%s%s ticket via API (%s)" % (prefix, number, req.key_name), req.client_id, ticket_id)
    req.log("API", "Success", "Resolved ticket %s%s via API (%s)" % (prefix, number, req.key_name), req.client_id)
    return updated(count)


def update(req):
    """26.04 only. ticket_status is ignored; details get "<br>" appended."""
    ticket_id = post_int(req.body, "ticket_id")
    if not ticket_id:
        return updated(0)
    where, params = "ticket_id = ? AND ticket_client_id = ?", (ticket_id, req.client_id)
    row = req.db.row("tickets", where, params)
    values = _columns(model(req.body, FIELDS, row))
    count = req.db.update("tickets", values, where, params, limit=1)
    subject = values["ticket_subject"]
    req.log("Ticket", "Edit", "%s via API (%s)" % (subject, req.key_name), req.client_id)
    req.log("API", "Success", "Edited ticket %s via API (%s)" % (subject, req.key_name), req.client_id)
    return updated(count)


def delete(req):
    """26.04 only: hard delete; the replies stay behind."""
    return delete_by_id(req, "tickets", "ticket_id", "ticket_subject", "Ticket", "ticket_client_id")


# --- ticket_replies (26.08 only) -----------------------------------------------------------------

def _reply_select(req):
    db = req.db
    return (db.select_list("ticket_replies", "tr") + ", t.ticket_prefix, CAST(t.ticket_number AS TEXT) AS ticket_number, "
            "t.ticket_subject, CAST(t.ticket_client_id AS TEXT) AS ticket_client_id, "
            "COALESCE(u.user_name, c.contact_name) AS ticket_reply_by_name")


_REPLY_FROM = ("ticket_replies tr INNER JOIN tickets t ON t.ticket_id = tr.ticket_reply_ticket_id "
               "LEFT JOIN users u ON tr.ticket_reply_type != 'Client' AND u.user_id = tr.ticket_reply_by "
               "LEFT JOIN contacts c ON tr.ticket_reply_type = 'Client' AND c.contact_id = tr.ticket_reply_by")


def replies_read(req):
    """ticket_reply_id, ticket_id or all; optional type; archived replies only with include_archived."""
    query = req.query
    extra, params = "", []
    if php_empty(query.get("include_archived")):
        extra += " AND tr.ticket_reply_archived_at IS NULL"
    if "type" in query:
        kind = _ucfirst_lower(query["type"])
        if kind in ("Internal", "Public", "Client"):
            extra += " AND tr.ticket_reply_type = ?"
            params.append(kind)
    scope_sql, scope_params = req.scope("t.ticket_client_id")
    base = "SELECT %s FROM %s WHERE " % (_reply_select(req), _REPLY_FROM)
    if "ticket_reply_id" in query:
        sql = base + "tr.ticket_reply_id = ?" + scope_sql + extra + " LIMIT 1"
        return rows_result(req.db.query(sql, [intval(query["ticket_reply_id"])] + scope_params + params))
    if "ticket_id" in query:
        sql, all_params = paged(req, base + "tr.ticket_reply_ticket_id = ?" + scope_sql + extra,
                                [intval(query["ticket_id"])] + scope_params + params, "tr.ticket_reply_id")
        return rows_result(req.db.query(sql, all_params))
    sql, all_params = paged(req, base + "1=1" + scope_sql + extra, scope_params + params, "tr.ticket_reply_id")
    return rows_result(req.db.query(sql, all_params))


_TIME_RE = re.compile(r"^\d{1,3}:[0-5]\d:[0-5]\d$")


def _time_worked(value):
    text = clean(value)
    if not _TIME_RE.match(text):
        return "00:00:00"
    hours, minutes, seconds = text.split(":")
    return "%02d:%s:%s" % (int(hours), minutes, seconds)


def _ucfirst_lower(value):
    text = php_str(value).lower()
    return text[:1].upper() + text[1:]


def _reply_type(value):
    text = _ucfirst_lower(value)
    return text if text in ("Internal", "Public") else "Internal"


def replies_create(req):
    """The reply is attributed to the key's user; ticket_status optionally changes the ticket
    (not validated; 4 resolves it); a Public reply sets the first response."""
    db = req.db
    ticket_id = post_int(req.body, "ticket_id")
    body = req.body
    reply = php_str(body["ticket_reply"]) if isset(body, "ticket_reply") else ""
    reply_type = _reply_type(body["ticket_reply_type"]) if isset(body, "ticket_reply_type") else "Internal"
    worked = _time_worked(body["ticket_reply_time_worked"]) if isset(body, "ticket_reply_time_worked") else "00:00:00"
    status = intval(body["ticket_status"]) if isset(body, "ticket_status") else 0
    if not ticket_id or php_empty(reply):
        return create_failed()
    scope_sql, scope_params = req.scope("ticket_client_id")
    ticket = db.first("SELECT %s FROM tickets WHERE ticket_id = ?%s LIMIT 1" % (db.select_list("tickets"), scope_sql),
                      [ticket_id] + scope_params)
    if ticket and req.client_id != 0 and intval(ticket["ticket_client_id"]) != req.client_id:
        ticket = None
    if not ticket:
        return create_failed()
    client_id = intval(ticket["ticket_client_id"])
    original_status = intval(ticket["ticket_status"])
    label = "%s%s" % (ticket["ticket_prefix"] or "", intval(ticket["ticket_number"]))
    if php_empty(ticket["ticket_first_response_at"]) and reply_type == "Public":
        _first_response(req, ticket_id)
    reply_id = db.insert("ticket_replies", {"ticket_reply": reply, "ticket_reply_type": reply_type,
                                            "ticket_reply_time_worked": worked, "ticket_reply_by": req.user_id,
                                            "ticket_reply_ticket_id": ticket_id})
    if status:
        db.update("tickets", {"ticket_status": status}, "ticket_id = ?", (ticket_id,), limit=1)
        if status not in (original_status, 4):
            name = db.scalar("SELECT ticket_status_name FROM ticket_statuses WHERE ticket_status_id = ?", (status,)) or "Unknown"
            history(req, ticket_id, "Status set to %s via the API (%s)" % (name, req.key_name))
        if status == 4 and original_status != 4:
            db.update("tickets", {"ticket_resolved_at": now()}, "ticket_id = ? AND ticket_resolved_at IS NULL", (ticket_id,),
                      limit=1)
            history(req, ticket_id, "Resolved via the API (%s)" % req.key_name)
            req.log("Ticket", "Resolved", "Resolved ticket %s via API (%s)" % (label, req.key_name), client_id, ticket_id)
    req.log("Ticket", "Reply", "Added a %s reply to ticket %s - %s via API (%s)" % (
        reply_type, label, ticket["ticket_subject"], req.key_name), client_id, ticket_id)
    req.log("API", "Success", "Added a %s reply to ticket %s via API (%s)" % (reply_type, label, req.key_name), client_id)
    return created(reply_id)


# --- technicians/time.php ------------------------------------------------------------------------

def _seconds(text):
    hours, minutes, seconds = (int(p) for p in text.split(":"))
    return hours * 3600 + minutes * 60 + seconds


def technician_time(req):
    """Time worked per ticket and technician; month defaults to the whole year."""
    query = req.query
    year = intval(query["year"]) if "year" in query else datetime.datetime.utcnow().year
    month = intval(query["month"]) if "month" in query else None
    if month is not None and not 1 <= month <= 12:
        return Result(200, {"success": "False", "message": "Invalid month parameter. Must be between 1 and 12."})
    if req.limit < 0 or req.offset < 0:
        raise Crash("You have an error in your SQL syntax near LIMIT")
    sql = ("SELECT CAST(t.ticket_id AS TEXT) AS ticket_id, t.ticket_prefix, t.ticket_number, t.ticket_subject, "
           "CAST(c.client_id AS TEXT) AS client_id, c.client_name, CAST(u.user_id AS TEXT) AS user_id, u.user_name, "
           "tr.ticket_reply_time_worked, tr.ticket_reply_created_at FROM ticket_replies tr "
           "INNER JOIN tickets t ON t.ticket_id = tr.ticket_reply_ticket_id "
           "INNER JOIN clients c ON c.client_id = t.ticket_client_id INNER JOIN users u ON u.user_id = tr.ticket_reply_by "
           "WHERE tr.ticket_reply_time_worked IS NOT NULL AND tr.ticket_reply_time_worked != '00:00:00'")
    scope_sql, params = req.scope("t.ticket_client_id")
    sql += scope_sql
    if "technician_id" in query:
        sql += " AND tr.ticket_reply_by = ?"
        params.append(intval(query["technician_id"]))
    groups = {}
    for row in req.db.query(sql, params):
        stamp = row["ticket_reply_created_at"] or ""
        if stamp[:4] != "%04d" % year or (month is not None and stamp[5:7] != "%02d" % month):
            continue
        key = (row["ticket_id"], row["user_id"])
        if key not in groups:
            groups[key] = dict(row, seconds=0)
        groups[key]["seconds"] += _seconds(row["ticket_reply_time_worked"])
    ordered = sorted(groups.values(), key=lambda g: (g["client_name"].casefold(), g["ticket_number"], g["user_name"].casefold()))
    out = []
    for group in ordered[req.offset:req.offset + req.limit]:
        secs = group["seconds"]
        out.append({"ticket_id": group["ticket_id"], "ticket_number": "%s%s" % (group["ticket_prefix"] or "", group["ticket_number"]),
                    "ticket_subject": group["ticket_subject"], "client_id": group["client_id"], "company": group["client_name"],
                    "technician_id": group["user_id"], "technician": group["user_name"],
                    "time_worked": "%02d:%02d:%02d" % (secs // 3600, secs % 3600 // 60, secs % 60)})
    return rows_result(out)
