"""Helpers for the raw-HTTP simulator suite (fixtures are in conftest.py).

Every test here talks to the ITFlow simulator with plain ``requests`` calls, no
collection code, and checks it against the measured behaviour recorded in
ITFLOW-API.md (26.08.2) and ITFLOW-API-26.04.md. One simulator is started per
test module and profile (module-scoped fixtures) and stopped at the end.
"""

import itertools
import json
import time
import uuid

import pytest
import requests

# ---------------------------------------------------------------------------------------------
# Literal messages from the reference pages (parsed JSON, so "\/" is "/").

NO_RESOURCE = "No resource (for this client and company) with the specified parameter(s)."
INSERT_FAIL = (
    "Auth success but insert query failed, ensure ALL required variables are provided (and aren't "
    "duplicates where applicable) and database schema is up-to-date. Turn on error logging and look "
    "for 'undefined index'."
)
UPDATE_FAIL = (
    "Auth success but update query failed/returned no results. Ensure ALL required variables are "
    "provided and database schema is up-to-date. Most likely cause: non-existent module ID (i.e. bad "
    "contact ID/ticket ID/etc) or no rows changed."
)
DELETE_FAIL = (
    "Auth success but delete query failed. Ensure ALL required variables are provided and database "
    "schema is up-to-date. Most likely cause: asset/client/company ID mismatch."
)
AUTH_FAIL = "Authentication failed. API key is invalid or has expired."
ONLY_GET = "Can only send GET requests to this endpoint."
ONLY_POST = "Can only send POST requests to this endpoint."
NO_PERMISSION = "The user linked to this API key does not have permission for this action."
NO_CLIENT_ACCESS = "The user linked to this API key does not have access to the target client for this write."
USER_INACTIVE = "The user linked to this API key is inactive, archived, or invalid."
NOT_TIED = "This API key is not tied to a user and is no longer valid. Please recreate it."
FILTER_REQUIRED = "A filter is required. Please supply either invoice_id or item_id."
BAD_MONTH = "Invalid month parameter. Must be between 1 and 12."

TIMEOUT = 15

# A self-signed certificate: issuer O="Lab CA Org", notAfter 2027-11-28 12:00:00 UTC.
LAB_CERT_PEM = """-----BEGIN CERTIFICATE-----
MIIBRDCB66ADAgECAgMS1ocwCgYIKoZIzj0EAwIwKzETMBEGA1UECgwKTGFiIENB
IE9yZzEUMBIGA1UEAwwLbGFiLmV4YW1wbGUwHhcNMjUxMTI4MTIwMDAwWhcNMjcx
MTI4MTIwMDAwWjArMRMwEQYDVQQKDApMYWIgQ0EgT3JnMRQwEgYDVQQDDAtsYWIu
ZXhhbXBsZTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABMW2g8F0dSk5MEVVsnXd
FxED+ZzKRnRDf97ReUzbqosS4t6VtMOP6F4FEpqwq7ZBUUqlZpt65Zy1Qt5OuASa
sSgwCgYIKoZIzj0EAwIDSAAwRQIhAKIB8C5IRgl8z8HdSOMmUcU+GRfclUz0Z04b
odmBDyEfAiB6rZvQqGDwn9M5j9n2PauiWK3vSpKD6/czRnDh4CMdIg==
-----END CERTIFICATE-----
"""

_counter = itertools.count(1)


def uniq(prefix="t"):
    """A name no other test uses."""
    return "%s-%s-%d" % (prefix, uuid.uuid4().hex[:8], next(_counter))


def uniq_digits(n=10):
    """A string of digits no other test uses (phone numbers)."""
    return ("9" + str(uuid.uuid4().int))[:n]


# ---------------------------------------------------------------------------------------------
# Assertions


def body_json(resp):
    """The parsed JSON body; fails the test (not errors) when it is not JSON."""
    try:
        return json.loads(resp.content)
    except ValueError:
        pytest.fail("not JSON (HTTP %s): %r" % (resp.status_code, resp.content[:300]))


def assert_empty(resp, status):
    assert resp.status_code == status, (resp.status_code, resp.content[:300])
    assert resp.content == b"", resp.content[:300]


def assert_json(resp, status, expected):
    assert resp.status_code == status, (resp.status_code, resp.content[:300])
    assert body_json(resp) == expected


def assert_no_resource(resp):
    assert_json(resp, 200, {"success": "False", "message": NO_RESOURCE})


def assert_insert_fail(resp):
    assert_json(resp, 200, {"success": "False", "message": INSERT_FAIL})


def assert_update_fail(resp):
    assert_json(resp, 200, {"success": "False", "message": UPDATE_FAIL})


def assert_delete_fail(resp):
    assert_json(resp, 200, {"success": "False", "message": DELETE_FAIL})


def assert_write_ok(resp, count=1):
    """Update / delete / archive / unarchive / resolve success: count is an integer."""
    assert resp.status_code == 200, (resp.status_code, resp.content[:300])
    data = body_json(resp)
    assert data == {"success": "True", "count": count}, data
    assert (isinstance(data["count"], int) and not isinstance(data["count"], bool))


def assert_html_404(resp):
    assert resp.status_code == 404, (resp.status_code, resp.content[:300])
    assert "text/html" in resp.headers.get("Content-Type", "")
    assert "Not Found" in resp.text
    assert resp.text.lstrip().startswith("<")
    with pytest.raises(ValueError):
        json.loads(resp.content)


def assert_403(resp, message):
    assert_json(resp, 403, {"success": "False", "message": message})


def assert_row_types(row, allow_false=()):
    """§1.3: named columns only, every value a string or null (false only where allowed)."""
    assert isinstance(row, dict)
    for k, v in row.items():
        assert isinstance(k, str) and not k.isdigit(), "numeric key %r" % k
        if k in allow_false and v is False:
            continue
        assert v is None or isinstance(v, str), "%s=%r (%s)" % (k, v, type(v).__name__)


# ---------------------------------------------------------------------------------------------
# A thin raw-HTTP client


class Api:
    """Raw requests against one simulator. ``key`` is a key alias of ``sim.keys`` or a raw secret;
    ``None`` sends no key. GET puts the key in the query string, POST in the JSON body, unless
    told otherwise."""

    def __init__(self, sim):
        self.sim = sim
        self.base = sim.url.rstrip("/") + "/api/v1/"

    def secret(self, key):
        if key in self.sim.keys:
            return self.sim.keys[key]["api_key"]
        return key

    def dp(self, key="admin"):
        return self.sim.keys[key]["decrypt_password"]

    def url(self, endpoint):
        if not endpoint.endswith(".php"):
            endpoint += ".php"
        return self.base + endpoint

    def get(self, endpoint, params=None, key="admin", body=None, key_in="query", **kw):
        params = dict(params or {})
        if key is not None:
            if key_in == "query":
                params["api_key"] = self.secret(key)
            else:
                body = dict(body or {})
                body["api_key"] = self.secret(key)
        if body is not None:
            kw["data"] = json.dumps(body)
        return requests.get(self.url(endpoint), params=params, timeout=TIMEOUT, **kw)

    def post(self, endpoint, body=None, key="admin", params=None, key_in="body", **kw):
        params = dict(params or {})
        body = dict(body or {})
        if key is not None:
            if key_in == "body":
                body["api_key"] = self.secret(key)
            else:
                params["api_key"] = self.secret(key)
        if "data" not in kw:
            kw["data"] = json.dumps(body)
        return requests.post(self.url(endpoint), params=params, timeout=TIMEOUT, **kw)

    # --- conveniences -----------------------------------------------------------------------

    def rows(self, endpoint, params=None, key="admin", body=None):
        """Rows of a read; [] for the "No resource" answer. Fails on anything else."""
        resp = self.get(endpoint, params, key=key, body=body)
        assert resp.status_code == 200, (endpoint, params, resp.status_code, resp.content[:300])
        data = body_json(resp)
        if data == {"success": "False", "message": NO_RESOURCE}:
            return []
        assert data.get("success") == "True" and isinstance(data.get("data"), list), data
        assert data["count"] == len(data["data"])
        return data["data"]

    def one(self, endpoint, params, key="admin", body=None):
        rows = self.rows(endpoint, params, key=key, body=body)
        assert len(rows) == 1, rows
        return rows[0]

    def find(self, endpoint, id_col, ident, key="admin", body=None):
        """The row with ``id_col == ident`` from a full list read (or None)."""
        for row in self.rows(endpoint, {"limit": 1000000}, key=key, body=body):
            if row[id_col] == str(ident):
                return row
        return None

    def create(self, endpoint, body, key="admin"):
        """Create and return the new id, checking the create-success envelope exactly."""
        resp = self.post(endpoint, body, key=key)
        assert resp.status_code == 200, (endpoint, body, resp.status_code, resp.content[:300])
        data = body_json(resp)
        assert data.get("success") == "True", (endpoint, body, data)
        assert set(data) == {"success", "count", "data"}, data
        assert data["count"] == "1"
        assert len(data["data"]) == 1 and set(data["data"][0]) == {"insert_id"}
        new_id = data["data"][0]["insert_id"]
        assert (isinstance(new_id, int) and not isinstance(new_id, bool)) and new_id > 0
        return new_id


def table_rows(sim, name, **match):
    """Raw DB rows of ``name`` whose columns equal ``match`` (compared as strings)."""
    out = []
    for row in sim.table(name):
        if all(str(row.get(k)) == str(v) for k, v in match.items()):
            out.append(row)
    return out


def today():
    return time.strftime("%Y-%m-%d", time.gmtime())
