"""One API request: parsing as PHP does, key validation, 26.08 RBAC or the 26.04 key scope,
method checks, ``$client_id`` as ITFlow computes it, then the endpoint handler.

ITFLOW-API.md §1 (26.08.2) and ITFLOW-API-26.04.md §2-§3 (the 26.04 key model).
"""

import json
import re
import unicodedata
import urllib.parse

from . import crypto
from .db import now
from .model import fail, php_json
from .php import Crash, clean, intval, isset, php_str, sql_literal

JSON_TYPE = "application/json"
HTML_TYPE = "text/html; charset=iso-8859-1"
API_PATH = re.compile(r"^/api/v1/([^/]+)/([^/]+\.php)$")
GET_FILES = ("read.php", "time.php")
READ_MEMORY_LIMIT = 28 * 1024 * 1024  # PHP memory_limit 128M: ~25 MiB pages worked, ~30 MiB died (§1.5)

AUTH_FAILED = "Authentication failed. API key is invalid or has expired."
ONLY_GET = "Can only send GET requests to this endpoint."
ONLY_POST = "Can only send POST requests to this endpoint."
NOT_TIED = "This API key is not tied to a user and is no longer valid. Please recreate it."
USER_INACTIVE = "The user linked to this API key is inactive, archived, or invalid."
NOT_MAPPED = "This API resource is not mapped to a permission module."
NO_PERMISSION = "The user linked to this API key does not have permission for this action."
NO_CLIENT_ACCESS = "The user linked to this API key does not have access to the target client for this write."

# 26.08 RBAC: API resource -> permission module; file name -> level (others need 2). §1.6
RESOURCE_MODULE = {
    "assets": "module_support", "certificates": "module_support", "documents": "module_support",
    "domains": "module_support", "networks": "module_support", "software": "module_support",
    "tickets": "module_support", "ticket_replies": "module_support", "technicians": "module_support",
    "clients": "module_client", "contacts": "module_client", "locations": "module_client", "vendors": "module_client",
    "invoices": "module_sales", "invoice_items": "module_sales", "quotes": "module_sales", "products": "module_sales",
    "expenses": "module_financial", "credentials": "module_credential",
}
OPERATION_LEVEL = {"read.php": 1, "create.php": 2, "update.php": 2, "delete.php": 3}
WRITE_FILES = ("create.php", "update.php", "delete.php")

APACHE_404 = ('<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n'
              '</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n<hr>\n'
              '<address>Apache/2.4.62 (Debian) Server at %s Port %s</address>\n</body></html>\n')


# Read filters compare with "=" under utf8mb4_general_ci: case- and accent-insensitive, trailing spaces
# ignored (PAD SPACE), leading spaces and tabs significant (ITFLOW-API.md §1.5). The filter code of the
# handlers asks for this collation explicitly ("col = ? COLLATE FOLD"); dispatch() registers it once per
# database.
FOLD = "FOLD"


def fold(text):
    """The key general_ci compares: accents and case dropped (NFD, not NFKD: a no-break space is no space)."""
    if text.isascii():
        return text.rstrip(" ").lower()
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return text.replace("\u00df", "s").rstrip(" ").casefold()


def _fold_compare(left, right):
    left, right = fold(left), fold(right)
    return (left > right) - (left < right)


def register_fold(db):
    if not getattr(db, "fold_registered", False):
        db.conn.create_collation(FOLD, _fold_compare)
        db.fold_registered = True


class Raw:
    """A response that is not a JSON envelope."""

    __slots__ = ("status", "body", "content_type")

    def __init__(self, status, body=b"", content_type=JSON_TYPE):
        self.status = status
        self.body = body
        self.content_type = content_type


def parse_query(raw_query):
    """``$_GET``: last value wins; '.' and ' ' in names become '_' (PHP)."""
    out = {}
    for name, value in urllib.parse.parse_qsl(raw_query or "", keep_blank_values=True):
        out[name.replace(".", "_").replace(" ", "_")] = value
    return out


def parse_body(raw_body):
    """``$_POST = json_decode(body, true)``: only a JSON object gives fields (§1.1)."""
    try:
        data = json.loads(raw_body.decode("utf-8")) if raw_body else None
    except (ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def htmlentities(text):
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#039;"))


class Req:
    """The state an ITFlow endpoint sees after validate_api_key.php (and enforce_api_rbac.php)."""

    def __init__(self, app, method, path, module, op, query, body, ip, agent):  # pylint: disable=too-many-arguments
        self.app = app
        self.db = app.db
        self.profile = app.profile
        self.old = app.profile != "26.08"   # the 26.04 code base (26.04 and full)
        self.full = app.profile == "full"
        self.method = method
        self.path = path
        self.module = module
        self.op = op
        self.query = query
        self.body = body
        self.ip = ip
        self.agent = agent
        self.key_name = ""
        self.decrypt_hash = ""
        self.user_id = 0
        self.user_name = ""
        self.is_admin = False
        self.allow = []
        self.deny = []
        self.client_id = 0
        self.limit = 50
        self.offset = 0
        self.password_changed = False
        self.raw_path = path

    def scope(self, col):
        """Client scope of a read: (' AND ...', params)."""
        if self.old:
            if self.client_id == "%":
                return "", []
            return " AND %s = ?" % col, [self.client_id]  # "col LIKE '<id>'"
        if self.is_admin or (not self.allow and not self.deny):
            return "", []
        sql, params = "", []
        if self.allow:
            sql += " AND %s IN (0%s)" % (col, ",?" * len(self.allow))
            params += self.allow
        if self.deny:
            sql += " AND %s NOT IN (%s)" % (col, ",".join("?" * len(self.deny)))
            params += self.deny
        return sql, params

    def can_access(self, client_id):
        """26.08 apiUserCanAccessClient()."""
        if self.is_admin:
            return True
        if client_id in self.deny:
            return False
        return not self.allow or client_id in self.allow

    def log(self, log_type, action, description, client_id=0, entity_id=0, raw=False):
        """logAudit()/logAction(). ``raw``: the description holds a value put into the SQL
        unescaped (a stored name), so an apostrophe in it breaks the statement (HTTP 500)."""
        if raw:
            description = sql_literal(description)
        self.db.log(log_type, action, description, client_id if client_id != "%" else 0, self.user_id,
                    entity_id, self.ip, self.agent)

    def master_key(self, password):
        """Site master key unwrapped with a decrypt password ('' when it is wrong)."""
        return crypto.unwrap_master(self.decrypt_hash, php_str(password))


def html_404(app):
    host, port = app.public_host_port()
    return Raw(404, (APACHE_404 % (host, port)).encode("ascii"), HTML_TYPE)


def _key_row(req, secret):
    """The key row when the secret matches and ``api_key_expire > NOW()`` (a DATE, so a key is
    already invalid on its expiry date). The comparison is case-insensitive (general_ci)."""
    row = req.db.row("api_keys", "api_key_secret = ?", (secret,))
    if row is None or (row["api_key_expire"] or "") + " 00:00:00" <= now():
        return None
    return row


def _rbac(req, key):
    """enforce_api_rbac.php (26.08.2). Returns a 403 Result or None."""
    user_id = intval(key["api_key_user_id"])
    if not user_id:
        return fail(NOT_TIED, 403)
    user = req.db.first(
        "SELECT CAST(user_id AS TEXT) AS user_id, user_name, CAST(user_type AS TEXT) AS user_type, "
        "CAST(user_status AS TEXT) AS user_status, user_archived_at, CAST(user_role_id AS TEXT) AS user_role_id, "
        "CAST(role_is_admin AS TEXT) AS role_is_admin FROM users LEFT JOIN user_roles ON user_role_id = role_id "
        "WHERE user_id = ? LIMIT 1", (user_id,))
    if not user or intval(user["user_type"]) != 1 or intval(user["user_status"]) != 1 or user["user_archived_at"] is not None:
        return fail(USER_INACTIVE, 403)
    req.user_id = intval(user["user_id"])
    req.user_name = user["user_name"]
    req.is_admin = user["role_is_admin"] == "1"
    for perm in req.db.query("SELECT client_id, permission_type FROM user_client_permissions WHERE user_id = ?", (req.user_id,)):
        (req.deny if perm["permission_type"] == "deny" else req.allow).append(intval(perm["client_id"]))
    if req.module not in RESOURCE_MODULE:
        return fail(NOT_MAPPED, 403)
    level = 3 if req.is_admin else intval(req.db.scalar(
        "SELECT user_role_permission_level FROM user_role_permissions WHERE user_role_id = ? AND module_name = ?",
        (intval(user["user_role_id"]), RESOURCE_MODULE[req.module])))
    if level < OPERATION_LEVEL.get(req.op, 2):
        return fail(NO_PERMISSION, 403)
    body_client = req.body.get("client_id")
    req.client_id = intval(body_client if body_client is not None else req.query.get("client_id", 0))
    if req.op in WRITE_FILES and not req.can_access(req.client_id):
        return fail(NO_CLIENT_ACCESS, 403)
    return None


def _authenticate(req):
    """validate_api_key.php. Returns an early answer or None."""
    body, query = req.body, req.query
    if "api_key" not in query and not isset(body, "api_key"):
        return Raw(401)
    secret = clean(body["api_key"]) if isset(body, "api_key") else clean(query["api_key"])
    key = _key_row(req, secret)
    if key is None:
        req.db.log("API", "Failed", "Incorrect or expired key (endpoint: %s)" % req.raw_path, ip=req.ip, agent=req.agent)
        return Raw(401, php_json({"success": "False", "message": AUTH_FAILED}))
    req.key_name = htmlentities(key["api_key_name"])
    req.decrypt_hash = key["api_key_decrypt_hash"]
    if "limit" in query:
        req.limit = intval(query["limit"])
    elif isset(body, "limit"):
        req.limit = intval(body["limit"])
    if "offset" in query:
        req.offset = intval(query["offset"])
    elif isset(body, "offset"):
        req.offset = intval(body["offset"])
    if req.old:
        req.client_id = intval(key["api_key_client_id"])
        return None
    return _rbac(req, key)


def _method_and_client(req):
    """require_get_method.php / require_post_method.php."""
    if req.op in GET_FILES:
        if req.method != "GET":
            return fail(ONLY_GET, 405)
        if req.client_id == 0:
            req.client_id = intval(req.query["client_id"]) if "client_id" in req.query else "%"
        return None
    if req.method != "POST":
        return fail(ONLY_POST, 405)
    if req.client_id == 0 and isset(req.body, "client_id"):
        req.client_id = intval(req.body["client_id"])
    return None


def _encode(result):
    if isinstance(result, Raw):
        return result
    body = result.body if isinstance(result.body, bytes) else php_json(result.body)
    if result.is_read and len(body) > READ_MEMORY_LIMIT:
        return Raw(500)  # "Allowed memory size ... exhausted" in read_output.php
    return Raw(result.status, body)


def dispatch(app, method, path, raw_query, raw_body, ip, agent):
    """Answer one request to /api/v1/... (a Raw)."""
    raw_path, path = path, urllib.parse.unquote(path)
    match = API_PATH.match(path)
    handler = app.ops.get((match.group(1), match.group(2))) if match else None
    if handler is None:
        return html_404(app)
    if method not in ("GET", "POST"):
        return Raw(405, ('string(%d) "%s"\n' % (len(method.encode("utf-8")), method)).encode("utf-8"))
    req = Req(app, method, path, match.group(1), match.group(2), parse_query(raw_query), parse_body(raw_body), clean(ip),
              clean(agent))
    req.raw_path = raw_path  # REQUEST_URI's path, as logged for failed keys
    with app.db.lock:
        register_fold(app.db)
        try:
            early = _authenticate(req) or _method_and_client(req)
            if early is not None:
                return _encode(early)
            return _encode(handler(req))
        except Crash:
            return Raw(500)
