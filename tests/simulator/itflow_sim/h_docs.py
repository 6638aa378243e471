"""documents: ITFLOW-API.md §8; ITFLOW-API-26.04.md §4.12.

The escaping is modelled on PHP values: the model escapes a value once
(mysqli_real_escape_string), the SQL statement consumes one level, and the update escapes the
already escaped value again. So create stores the content with one extra level of backslashes,
and every update adds one more to the content and to a name/description holding quotes.
Base64 images are not extracted to uploads/ (code reading only on the real server).
"""

from .model import created, create_failed, delete_by_id, filtered_read, Filter, post_int, updated
from .php import clean, intval, isset, php_empty, php_str, sql_escape, sql_literal


def read(req):
    return filtered_read(req, "documents", "document_client_id", [Filter("document_id", mode="id")])


def _model(body, row):
    """document_model.php as PHP values (each already escaped once for SQL)."""
    def pick(key):
        if isset(body, key):
            return sql_escape(clean(body[key]))
        if row and row.get(key) is not None:
            return sql_escape(row[key])
        return ""

    values = {"document_name": pick("document_name"), "document_description": pick("document_description")}
    if isset(body, "document_content"):
        values["document_content"] = sql_escape(php_str(body["document_content"]))
        raw = php_str(body.get("document_name")) + php_str(body.get("document_description")) + " " + \
            php_str(body["document_content"]).replace("<", " <")
        values["document_content_raw"] = sql_escape(clean(raw))
    elif row and row.get("document_content") is not None:
        values["document_content"] = sql_escape(row["document_content"])
        values["document_content_raw"] = sql_escape(row["document_content_raw"] or "")
    else:
        values["document_content"] = values["document_content_raw"] = ""
    if isset(body, "document_folder_id"):
        values["document_folder_id"] = intval(body["document_folder_id"])
    elif row and row.get("document_folder_id") is not None:
        values["document_folder_id"] = intval(row["document_folder_id"])
    else:
        values["document_folder_id"] = 0
    return values


def _unescape_once(php_value):
    """What the SQL literal '<php_value>' stores (one level of escaping consumed)."""
    return sql_literal(php_value)


def create(req):
    """Quotes in the content come back with an extra backslash; client_id omitted = global."""
    values = _model(req.body, None)
    if php_empty(values["document_name"]) or php_empty(values["document_content"]):
        return create_failed()
    db = req.db
    doc_id = db.insert("documents", {
        "document_name": _unescape_once(values["document_name"]),
        "document_description": _unescape_once(values["document_description"]),
        "document_content": "",
        "document_content_raw": _unescape_once(values["document_content_raw"]),
        "document_folder_id": values["document_folder_id"], "document_created_by": 0,
        "document_client_id": req.client_id})
    # The content is escaped again before the second statement: one level survives.
    db.update("documents", {"document_content": values["document_content"]}, "document_id = ?", (doc_id,))
    name = _unescape_once(values["document_name"])
    req.log("Document", "Create", "%s via API (%s)" % (name, req.key_name), req.client_id, doc_id)
    req.log("API", "Success", "Created document %s via API (%s)" % (name, req.key_name), req.client_id)
    return created(doc_id)


def update(req):
    """Always True when the document exists; the old version goes to document_versions."""
    doc_id = post_int(req.body, "document_id")
    if not doc_id:
        return updated(0)
    db = req.db
    where, params = "document_client_id = ? AND document_id = ?", (req.client_id, doc_id)
    row = db.row("documents", where, params)
    if not row:
        req.log("API", "Error", "Document update failed (not found or unauthorized) via API (%s)" % req.key_name, req.client_id)
        return updated(0)
    version_id = db.insert("document_versions", {
        "document_version_name": clean(row["document_name"]),
        "document_version_description": clean(row["document_description"]),
        "document_version_content": row["document_content"],
        "document_version_created_by": intval(row["document_updated_by"]) or intval(row["document_created_by"]),
        "document_version_created_at": clean(row["document_updated_at"]) or clean(row["document_created_at"]),
        "document_version_document_id": doc_id})
    values = _model(req.body, db.row("documents", where, params))
    # escapeSql(name . " " . content) is escaped once more for the statement: stored escaped once.
    content_raw = sql_escape(clean(values["document_name"] + " " + values["document_content"].replace("<", " <")))
    db.update("documents", {
        "document_name": values["document_name"], "document_description": values["document_description"],
        "document_content": values["document_content"], "document_content_raw": content_raw,
        "document_folder_id": values["document_folder_id"], "document_updated_by": 0}, where, params, limit=1)
    req.log("Document", "Edit", "%s via API (%s), previous version kept" % (values["document_name"], req.key_name),
            req.client_id, version_id)
    req.log("API", "Success", "Edited document %s via API (%s)" % (values["document_name"], req.key_name), req.client_id)
    return updated(1)


def delete(req):
    """26.04: versions are left behind."""
    return delete_by_id(req, "documents", "document_id", "document_name", "Document", "document_client_id")
