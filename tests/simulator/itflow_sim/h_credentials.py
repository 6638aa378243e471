"""credentials: ITFLOW-API.md §7; ITFLOW-API-26.04.md §4.11. Encryption model: crypto.py."""

import math

from . import crypto
from .db import now
from .model import F, Result, created, create_failed, delete_by_id, model, post_int, rows_result, select, updated
from .php import Crash, intval, php_empty, php_str

# 26.08 checks the cleartext before storing (checkCredentialLengths): bytes for the two
# encrypted fields, characters for the rest; the first field found too long is named.
_BYTE_LIMITS = (("username", 350), ("password", 350))
_CHAR_LIMITS = (("name", 200), ("description", 500), ("uri", 500), ("uri_2", 500), ("otp_secret", 200))


def _too_long(body):
    for field, limit in _BYTE_LIMITS:
        value = body.get("credential_" + field)
        if value is not None and len(php_str(value).encode("utf-8")) > limit:
            return field
    for field, limit in _CHAR_LIMITS:
        value = body.get("credential_" + field)
        if value is not None and len(php_str(value)) > limit:
            return field
    return ""


def _php_cipher_length(cleartext):
    """Length of ITFlow's stored value: 16-character IV + base64(AES-128-CBC, PKCS#7)."""
    size = len(cleartext.encode("utf-8"))
    return 16 + 4 * math.ceil(16 * (size // 16 + 1) / 3)


# 26.04 has no length check; its columns overflow (strict mode): credential_password is
# varbinary(200) (128+ character passwords crash), credential_username varchar(500).
_COLUMN_26_04 = {"credential_password": 200, "credential_username": 500}


class _Secret:
    """A sent username/password: encrypted with the master key the request's decrypt password
    unwraps (a wrong password gives the empty key; see crypto.py)."""

    def __init__(self, req, column):
        self.req = req
        self.column = column

    def __call__(self, value):
        text = php_str(value)
        if self.req.old and _php_cipher_length(text) > _COLUMN_26_04[self.column]:
            raise Crash("Data too long for column %s" % self.column)
        if self.column == "credential_password":
            self.req.password_changed = True
        return crypto.encrypt(text, self.req.master_key(self.req.body.get("api_key_decrypt_password", "")))


def _fields(req):
    return [
        F("credential_name", fallback="isset"),
        F("credential_description", fallback="isset"),
        F("credential_uri", fallback="isset"),
        F("credential_uri_2", fallback="isset"),
        F("credential_username", conv=_Secret(req, "credential_username"), fallback="isset"),
        F("credential_password", conv=_Secret(req, "credential_password"), fallback="isset"),
        F("credential_otp_secret", fallback="isset"),
        F("credential_note", fallback="isset"),
        F("credential_favorite", conv="int", default=0, fallback="isset"),
        F("credential_contact_id", conv="int", default=0, fallback="isset"),
        F("credential_asset_id", conv="int", default=0, fallback="isset"),
    ]  # credential_vendor_id / credential_software_id are parsed but never stored


def _length_check(req):
    if req.old:
        return None
    field = _too_long(req.body)
    if field:
        return Result(200, {"success": "False", "message": "credential_%s is too long to store." % field})
    return None


def read(req):
    """The decrypt password comes from the GET body on 26.08, the query string on 26.04; without
    it: "No resource". Undecryptable fields are JSON false.

    Every returned row is decrypted, which costs a real server about 0.2 s a row (modelled by
    crypto.pay_for_rows, 0 unless --decrypt-cost is given). On 26.04 an all-clients key's
    ``client_id`` filter (api.py, Req.scope) limits the rows, and so the cost, to one client;
    26.08 ignores ``client_id``: the rows are everything the key's user may see."""
    source = req.query if req.old else req.body
    password = source.get("api_key_decrypt_password") if isinstance(source, dict) else None
    password = "" if password is None else password
    if php_empty(password):
        return rows_result([])
    if "credential_id" in req.query:
        rows = select(req, "credentials", "credential_id = ?", [intval(req.query["credential_id"])], "credential_client_id",
                      single=True, as_dicts=True)[:1]
    else:
        rows = select(req, "credentials", "1=1", [], "credential_client_id", as_dicts=True)
    master = req.master_key(password)
    for row in rows:
        row["credential_username"] = crypto.decrypt(row["credential_username"], master)
        row["credential_password"] = crypto.decrypt(row["credential_password"], master)
    crypto.pay_for_rows(len(rows), req.db.lock)
    return rows_result(rows)


def create(req):
    """The decrypt password is required but not verified; client_id omitted = global."""
    too_long = _length_check(req)
    if too_long:
        return too_long
    req.password_changed = False
    values = model(req.body, _fields(req))
    password = req.body.get("api_key_decrypt_password")
    if php_empty("" if password is None else password) or php_empty(values["credential_name"]) \
            or php_empty(values["credential_password"]):
        return create_failed()
    row = dict(values)
    row["credential_client_id"] = req.client_id
    credential_id = req.db.insert("credentials", row)
    name = values["credential_name"]
    req.log("Credential", "Create", "%s via API (%s)" % (name, req.key_name), req.client_id, credential_id)
    req.log("API", "Success", "Created credential %s via API (%s)" % (name, req.key_name), req.client_id)
    return created(credential_id)


def update(req):
    """A re-sent secret is re-encrypted with a fresh IV: always a change. 26.04 does not check
    the lookup, so a password sent for another client's credential still stamps its
    credential_password_changed_at (code reading)."""
    credential_id = post_int(req.body, "credential_id")
    if php_empty(req.body.get("api_key_decrypt_password")) or not credential_id:
        return updated(0)
    db = req.db
    where, params = "credential_id = ? AND credential_client_id = ?", (credential_id, req.client_id)
    row = db.row("credentials", where, params)
    too_long = _length_check(req)
    if too_long:
        return too_long
    req.password_changed = False
    values = model(req.body, _fields(req), row)
    values["credential_client_id"] = req.client_id
    count = db.update("credentials", values, where, params, limit=1)
    if not req.old and not row:
        return updated(0)
    if req.password_changed:
        db.update("credentials", {"credential_password_changed_at": now()}, "credential_id = ?", (credential_id,), limit=1)
    name = values["credential_name"]
    req.log("Credential", "Edit", "%s via API (%s)" % (name, req.key_name), req.client_id, credential_id)
    req.log("API", "Success", "Updated credential %s via API (%s)" % (name, req.key_name), req.client_id)
    return updated(count)


def delete(req):
    """26.04 only; no decrypt password needed."""
    return delete_by_id(req, "credentials", "credential_id", "credential_name", "Credential", "credential_client_id")
