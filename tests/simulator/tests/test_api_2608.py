"""The simulator's 26.08 profile against ITFLOW-API.md (ITFlow 26.08.2), request by request.

Each docstring cites the section of ITFLOW-API.md the test checks.
"""

import json
import re

import pytest
import requests

from sim_raw_helpers import (
    AUTH_FAIL, BAD_MONTH, FILTER_REQUIRED, LAB_CERT_PEM, NO_CLIENT_ACCESS,
    NO_PERMISSION, NOT_TIED, ONLY_GET, ONLY_POST, TIMEOUT, USER_INACTIVE,
    assert_403, assert_delete_fail, assert_empty, assert_html_404, assert_insert_fail, assert_json,
    assert_no_resource, assert_row_types, assert_update_fail, assert_write_ok, body_json, table_rows,
    today, uniq, uniq_digits,
)


# ---------------------------------------------------------------------------------------------
# helpers


def make_asset(api, client_id=1, **extra):
    body = {"client_id": client_id, "asset_name": uniq("asset")}
    body.update(extra)
    return api.create("assets/create", body), body


def make_contact(api, client_id=1, **extra):
    body = {"client_id": client_id, "contact_name": uniq("contact"), "contact_email": uniq("c") + "@example.com"}
    body.update(extra)
    return api.create("contacts/create", body), body


def make_ticket(api, client_id=1, **extra):
    body = {"client_id": client_id, "ticket_subject": uniq("ticket")}
    body.update(extra)
    return api.create("tickets/create", body), body


def iface_of(api, asset_id):
    """The asset's row from the unfiltered list (the only read that carries interface columns)."""
    row = api.find("assets/read", "asset_id", asset_id)
    assert row is not None
    return row


def unique_mac():
    digits = uniq_digits(10)
    return "02:" + ":".join(digits[i:i + 2] for i in range(0, 10, 2))


def fresh_client_id():
    """A client id nobody else uses; §1.7 says the client is never validated on writes."""
    return 500 + int(uniq_digits(6)) % 100000


# ---------------------------------------------------------------------------------------------
# §1.1 transport


def test_form_encoded_post_with_key_in_body_is_401_empty(api):
    """§1.1: a form-encoded POST (key in the form) answers 401 with an empty body."""
    resp = api.post("clients/create", key=None, data={"api_key": api.secret("admin"), "client_name": uniq()})
    assert_empty(resp, 401)


def test_form_encoded_post_with_key_in_query_is_insert_failure(api):
    """§1.1: key in the query string plus a form body authenticates, but every field is missing."""
    name = uniq("formco")
    resp = api.post("clients/create", key="admin", key_in="query", data={"client_name": name})
    assert_insert_fail(resp)
    assert api.rows("clients/read", {"client_name": name}) == []


def test_json_body_with_text_plain_content_type_works(api):
    """§1.1: the body is parsed as JSON whatever the Content-Type (text/plain works)."""
    name = uniq("plain")
    resp = api.post("clients/create", {"client_name": name}, headers={"Content-Type": "text/plain"})
    data = body_json(resp)
    assert resp.status_code == 200 and data["success"] == "True" and data["count"] == "1"
    assert api.one("clients/read", {"client_name": name})["client_id"] == str(data["data"][0]["insert_id"])


def test_malformed_json_is_an_empty_body(api):
    """§1.1: malformed JSON is treated as an empty body (key in query: insert failure; none: 401 empty)."""
    resp = api.post("clients/create", key="admin", key_in="query", data='{"client_name": "Broken",')
    assert_insert_fail(resp)
    resp = api.post("clients/create", key=None, data='{"api_key": "%s", ' % api.secret("admin"))
    assert_empty(resp, 401)


def test_json_array_body_is_401_empty(api):
    """§1.1: a JSON array body (not an object) gives 401 with an empty body."""
    resp = api.post("clients/create", key=None,
                    data=json.dumps([{"api_key": api.secret("admin"), "client_name": uniq()}]))
    assert_empty(resp, 401)


def test_key_in_body_wins_over_query(api):
    """§1.1: api_key in query and body: the body wins (good query + bad body → 401; reverse → 200)."""
    good, bad = api.secret("admin"), "x" * 32
    resp = api.get("vendors/read", params={"api_key": good}, key=None, body={"api_key": bad})
    assert_json(resp, 401, {"success": "False", "message": AUTH_FAIL})
    resp = api.get("vendors/read", params={"api_key": bad}, key=None, body={"api_key": good})
    assert resp.status_code == 200 and body_json(resp)["success"] == "True"
    # the same on a POST
    resp = api.post("clients/create", {"api_key": bad, "client_name": uniq()}, key=None, params={"api_key": good})
    assert_json(resp, 401, {"success": "False", "message": AUTH_FAIL})


def test_key_in_headers_is_not_read(api):
    """§1.1: X-API-KEY or Authorization: Bearer alone give 401 with an empty body."""
    secret = api.secret("admin")
    assert_empty(api.get("vendors/read", key=None, headers={"X-API-KEY": secret}), 401)
    assert_empty(api.get("vendors/read", key=None, headers={"Authorization": "Bearer " + secret}), 401)


def test_get_key_limit_and_offset_from_json_body(api):
    """§1.1/§1.5: a GET takes api_key, limit and offset from a JSON body; query limit wins over body."""
    for _i in range(4):
        make_contact(api)
    all_rows = api.rows("contacts/read", {"limit": 1000000})
    assert len(all_rows) >= 5
    resp = api.get("contacts/read", key="admin", key_in="body", body={"limit": 2, "offset": 1})
    data = body_json(resp)
    assert data["count"] == 2
    assert [r["contact_id"] for r in data["data"]] == [r["contact_id"] for r in all_rows[1:3]]
    resp = api.get("contacts/read", params={"limit": 4}, body={"limit": 2})
    assert body_json(resp)["count"] == 4


def test_other_read_filters_in_json_body_are_ignored(api):
    """§1.1: read filters must go in the query string; a filter in a GET body is ignored (full list)."""
    aid, _unused = make_asset(api)
    resp = api.get("assets/read", body={"asset_id": aid})
    data = body_json(resp)
    assert data["success"] == "True" and data["count"] > 1


def test_client_id_accepted_from_post_query_string(api):
    """§1.1: a POST takes client_id from its query string (clients/archive?client_id=N with body {})."""
    cid = api.create("clients/create", {"client_name": uniq("qsarch")})
    assert_write_ok(api.post("clients/archive", {}, params={"client_id": cid}))
    row = [r for r in api.rows("clients/read", {"limit": 1000000}) if r["client_id"] == str(cid)][0]
    assert row["client_archived_at"] is not None
    # other fields in a POST's query string are ignored
    name = uniq("qsname")
    assert_insert_fail(api.post("clients/create", {}, params={"client_name": name}))


def test_loose_value_coercion(api):
    """§1.1: "1abc" as client_id is 1, a JSON number is accepted as a name, true counts as 1."""
    aid = api.create("assets/create", {"client_id": "1abc", "asset_name": 12345})
    row = api.one("assets/read", {"asset_id": aid})
    assert row["asset_client_id"] == "1"
    assert row["asset_name"] == "12345"
    name = uniq("truthy")
    api.create("clients/create", {"client_name": name, "client_is_lead": True})
    assert api.one("clients/read", {"client_name": name})["client_lead"] == "1"
    # "abc" in an id field is 0: no asset has id 0
    assert_no_resource(api.get("assets/read", {"asset_id": "abc"}))


def test_tags_stripped_except_html_fields(api):
    """§1.1: tags removed and text trimmed on most fields, but document_content is stored as HTML."""
    cid = api.create("clients/create", {"client_name": "<b>Tagged</b> Co  "})
    row = [r for r in api.rows("clients/read", {"limit": 1000000}) if r["client_id"] == str(cid)][0]
    assert row["client_name"] == "Tagged Co"
    did = api.create("documents/create", {"client_id": 1, "document_name": uniq("doc"),
                                          "document_content": "<h1>Title</h1><p>body</p>"})
    assert api.one("documents/read", {"document_id": did})["document_content"] == "<h1>Title</h1><p>body</p>"


def test_no_user_agent_needed(api):
    """§1.1: a request without a User-Agent header still works."""
    resp = requests.get(api.url("vendors/read"), params={"api_key": api.secret("admin")},
                        headers={"User-Agent": None}, timeout=TIMEOUT)
    assert resp.status_code == 200 and body_json(resp)["success"] == "True"


# ---------------------------------------------------------------------------------------------
# §1.2 methods


@pytest.mark.parametrize("method", ["PUT", "DELETE", "OPTIONS", "PATCH"])
def test_other_methods_405_var_dump(api, method):
    """§1.2: methods other than GET/POST get 405 with a PHP var_dump body, labelled application/json."""
    resp = requests.request(method, api.url("assets/read"), params={"api_key": api.secret("admin")}, timeout=TIMEOUT)
    assert resp.status_code == 405
    assert "application/json" in resp.headers.get("Content-Type", "")
    assert resp.text.strip() == 'string(%d) "%s"' % (len(method), method)


def test_405_var_dump_comes_before_key_check(api):
    """§1.2: the method check runs before the key check: DELETE with a bad key, or none, is 405."""
    for params in ({"api_key": "bad"}, {}):
        resp = requests.delete(api.url("assets/delete"), params=params, timeout=TIMEOUT)
        assert resp.status_code == 405
        assert resp.text.strip() == 'string(6) "DELETE"'
    resp = requests.head(api.url("assets/read"), timeout=TIMEOUT)
    assert resp.status_code == 405


def test_wrong_one_of_get_post_is_405_json_after_auth(api):
    """§1.2: POST to a read or GET to a write gets 405 JSON, checked after authentication."""
    assert_json(api.post("assets/read", {}), 405, {"success": "False", "message": ONLY_GET})
    assert_json(api.get("assets/create"), 405, {"success": "False", "message": ONLY_POST})
    assert_json(api.get("tickets/resolve"), 405, {"success": "False", "message": ONLY_POST})
    # after authentication: a bad key gets 401, not 405
    assert_json(api.get("assets/create", key="bad-key"), 401, {"success": "False", "message": AUTH_FAIL})
    assert_empty(api.post("assets/read", {}, key=None), 401)


# ---------------------------------------------------------------------------------------------
# §1.3 envelope and types

READ_ENDPOINTS = ["assets", "certificates", "clients", "contacts", "documents", "domains", "networks",
                  "software", "tickets", "locations", "vendors", "invoices", "quotes", "products", "expenses"]


@pytest.mark.parametrize("module", READ_ENDPOINTS)
def test_read_envelope_types(api, module):
    """§1.3: read success is {"success":"True","count":int,"data":[...]}, count = page size, values str/None, no numeric keys."""
    resp = api.get(module + "/read")
    assert resp.status_code == 200
    data = body_json(resp)
    assert set(data) == {"success", "count", "data"}
    assert data["success"] == "True"
    assert (isinstance(data["count"], int) and not isinstance(data["count"], bool)) and data["count"] == len(data["data"]) >= 1
    for row in data["data"]:
        assert_row_types(row)
    one = api.get(module + "/read", {"limit": 1})
    assert body_json(one)["count"] == 1


def test_credentials_and_items_row_types(api):
    """§1.3: credential rows (str/None, false only for undecryptable fields), invoice_items and ticket_replies rows."""
    rows = api.rows("credentials/read", body={"api_key_decrypt_password": api.dp()})
    assert rows
    for row in rows:
        assert_row_types(row, allow_false=("credential_username", "credential_password"))
    inv = api.rows("invoices/read")[0]
    for row in api.rows("invoice_items/read", {"invoice_id": inv["invoice_id"]}):
        assert_row_types(row)
    tid, _unused = make_ticket(api)
    api.create("ticket_replies/create", {"ticket_id": tid, "ticket_reply": "typed"})
    for row in api.rows("ticket_replies/read", {"ticket_id": tid}):
        assert_row_types(row)


def test_create_update_delete_envelopes(api):
    """§1.3: create count "1" (string) with int insert_id; update/delete count int; no message on success."""
    resp = api.post("contacts/create", {"client_id": 1, "contact_name": uniq(), "contact_email": uniq() + "@x.io"})
    data = body_json(resp)
    assert data == {"success": "True", "count": "1", "data": [{"insert_id": data["data"][0]["insert_id"]}]}
    assert (isinstance(data["data"][0]["insert_id"], int) and not isinstance(data["data"][0]["insert_id"], bool))
    cid = data["data"][0]["insert_id"]
    resp = api.post("contacts/update", {"client_id": 1, "contact_id": cid, "contact_title": "Boss"})
    assert_write_ok(resp)
    assert_write_ok(api.post("contacts/delete", {"client_id": 1, "contact_id": cid}))


@pytest.mark.parametrize("params", [{"asset_id": 987654321}, {"limit": 0}, {"offset": 100000}, {"limit": "abc"}])
def test_no_resource_answer(api, params):
    """§1.3/§1.5: a bad id, limit=0, limit=abc and an offset past the end give the exact "No resource" body, HTTP 200."""
    assert_no_resource(api.get("assets/read", params))


def test_update_failure_raw_body_escapes_slashes(api):
    """§1.3: the update failure is the literal PHP json_encode body, slashes escaped as \\/."""
    resp = api.post("clients/update", {"client_id": 987654, "client_is_lead": 0, "client_notes": "x"})
    assert_update_fail(resp)
    assert "failed\\/returned" in resp.text and "contact ID\\/ticket ID\\/etc" in resp.text


# ---------------------------------------------------------------------------------------------
# §1.4 status codes


def test_401_no_key_empty_wrong_key_json(api):
    """§1.4: no key → 401 empty body; wrong key → 401 with the authentication-failed JSON."""
    assert_empty(api.get("assets/read", key=None), 401)
    assert_empty(api.post("assets/create", {"client_id": 1, "asset_name": "x"}, key=None), 401)
    assert_json(api.get("assets/read", key="0" * 32), 401, {"success": "False", "message": AUTH_FAIL})


@pytest.mark.parametrize("endpoint", [
    "domains/create", "networks/create", "software/create", "certificates/update", "certificates/delete",
    "clients/delete", "credentials/delete", "documents/delete", "tickets/update", "tickets/delete",
    "locations/update", "vendors/create", "invoices/create", "payments/read", "assets/archive",
    "invoice_items/update", "nosuchmodule/read",
])
def test_missing_endpoint_is_html_404(api, endpoint):
    """§1.1/§2: an endpoint file that does not exist gives Apache's HTML 404, for GET and POST."""
    assert_html_404(api.post(endpoint, {"client_id": 1}))
    assert_html_404(api.get(endpoint))


# ---------------------------------------------------------------------------------------------
# §1.5 limit, offset, ordering


def test_limit_default_50_no_cap_offset_and_order(api_empty):
    """§1.5: default limit 50, no maximum, offset pages, ascending primary-key order, limit=2.9 → 2."""
    api = api_empty
    assert api.rows("assets/read") == []  # the empty seed has no assets
    ids = [make_asset(api, client_id=1 + i % 2)[0] for i in range(57)]
    page = api.rows("assets/read")
    assert len(page) == 50
    assert [r["asset_id"] for r in page] == [str(i) for i in sorted(ids)[:50]]
    everything = api.rows("assets/read", {"limit": 1000000})
    assert [r["asset_id"] for r in everything] == [str(i) for i in sorted(ids)]
    assert [r["asset_id"] for r in api.rows("assets/read", {"offset": 50})] == [str(i) for i in sorted(ids)[50:]]
    assert len(api.rows("assets/read", {"limit": "2.9"})) == 2
    assert_no_resource(api.get("assets/read", {"offset": 57}))


def test_negative_limit_or_offset_is_500_empty(api):
    """§1.5/§1.4: limit=-1 or offset=-1 give HTTP 500 with an empty body."""
    assert_empty(api.get("assets/read", {"limit": -1}), 500)
    assert_empty(api.get("assets/read", {"offset": -1}), 500)


def test_single_record_lookups_ignore_limit(api):
    """§1.5: by-id and by-name lookups have no LIMIT (asset_id&limit=0 → 1 row; duplicate client_name&limit=1 → 2)."""
    aid, _unused = make_asset(api)
    assert len(api.rows("assets/read", {"asset_id": aid, "limit": 0})) == 1
    name = uniq("Initech")
    api.create("clients/create", {"client_name": name})
    api.create("clients/create", {"client_name": name})
    rows = api.rows("clients/read", {"client_name": name.lower(), "limit": 1})
    assert len(rows) == 2 and {r["client_name"] for r in rows} == {name}


def test_unknown_filters_ignored(api):
    """§1.5: unknown filters are ignored and give the unfiltered list (vendors?vendor_name=X, assets?asset_ip=)."""
    full = [r["vendor_id"] for r in api.rows("vendors/read")]
    assert [r["vendor_id"] for r in api.rows("vendors/read", {"vendor_name": "no-such-vendor"})] == full
    assets = [r["asset_id"] for r in api.rows("assets/read")]
    assert [r["asset_id"] for r in api.rows("assets/read", {"asset_ip": "10.255.255.254"})] == assets


def test_client_id_is_not_a_read_filter(api):
    """§1.5: client_id is accepted and ignored on reads (assets?client_id=2 returns every client's assets)."""
    clients = {r["asset_client_id"] for r in api.rows("assets/read", {"client_id": 2, "limit": 1000000})}
    assert {"1", "2"} <= clients
    names = {r["client_name"] for r in api.rows("clients/read", {"client_id": 2, "limit": 1000000})}
    assert {"Acme Corp", "Globex Inc"} <= names


# ---------------------------------------------------------------------------------------------
# §1.6 keys, users, RBAC


def test_expired_and_revoked_keys_are_401_json(api, sim2608):
    """§1.6: expired keys and revoked keys (expiry = today: invalid on the expiry day) get the 401 JSON."""
    for alias in ("expired", "revoked"):
        assert_json(api.get("vendors/read", key=alias), 401, {"success": "False", "message": AUTH_FAIL})
    rows = [r for r in sim2608.table("api_keys") if "revoked" in (r["api_key_name"] or "").lower()]
    assert len(rows) == 1 and str(rows[0]["api_key_expire"])[:10] == today()


def test_inactive_user_and_userless_keys_are_403(api):
    """§1.6: a disabled user's key and a key with api_key_user_id=0 get their 403 messages."""
    assert_403(api.get("vendors/read", key="disabled_user"), USER_INACTIVE)
    assert_403(api.get("vendors/read", key="no_user"), NOT_TIED)
    assert_403(api.post("clients/create", {"client_name": uniq()}, key="disabled_user"), USER_INACTIVE)


def test_archived_user_key_is_403(api):
    """§1.6: a key whose user is archived gets the same 403 as a disabled user's key."""
    assert_403(api.get("assets/read", key="archived_user"), USER_INACTIVE)


def test_writes_audited_reads_not(api, sim2608):
    """§1.6: successful writes are written to the audit log, attributed to the key name; reads are not logged."""
    key_names = [r["api_key_name"] for r in sim2608.table("api_keys")]
    before = {r["log_id"] for r in sim2608.table("logs")}
    api.rows("assets/read")
    api.rows("contacts/read")
    assert [r for r in sim2608.table("logs") if r["log_id"] not in before] == []
    make_asset(api)
    new = [r for r in sim2608.table("logs") if r["log_id"] not in before]
    assert new
    assert any(name and name in (r["log_description"] or "") for r in new for name in key_names), new


def test_module_permission_403_technician(api):
    """§1.6: Technician: expenses/read (no financial), assets/delete and contacts/delete (level 3) → 403."""
    assert_403(api.get("expenses/read", key="restricted"), NO_PERMISSION)
    aid, _unused = make_asset(api, client_id=1)
    assert_403(api.post("assets/delete", {"client_id": 1, "asset_id": aid}, key="restricted"), NO_PERMISSION)
    assert api.rows("assets/read", {"asset_id": aid}) != []
    cid, _unused = make_contact(api, client_id=1)
    assert_403(api.post("contacts/delete", {"client_id": 1, "contact_id": cid}, key="restricted"), NO_PERMISSION)


def test_module_permission_403_accountant(api):
    """§1.6/§15: Accountant: technicians/time, tickets/resolve, clients/archive, credentials/read → 403."""
    tid, _unused = make_ticket(api, client_id=1)
    assert_403(api.get("technicians/time", key="accountant"), NO_PERMISSION)
    assert_403(api.post("tickets/resolve", {"client_id": 1, "ticket_id": tid}, key="accountant"), NO_PERMISSION)
    assert_403(api.post("clients/archive", {"client_id": 2}, key="accountant"), NO_PERMISSION)
    assert_403(api.get("credentials/read", key="accountant", body={"api_key_decrypt_password": api.dp("accountant")}),
               NO_PERMISSION)
    # reads it is allowed still work
    assert body_json(api.get("assets/read", key="accountant"))["success"] == "True"


def test_restricted_read_scope_includes_global_rows(api):
    """§1.6/§13: an allow-listed key sees its client plus client-0 rows; other clients' records are "No resource"."""
    vendors = api.rows("vendors/read", {"limit": 1000000}, key="restricted")
    assert {r["vendor_client_id"] for r in vendors} == {"0", "1"}
    assert any(r["vendor_name"] == "Dell Global" for r in vendors)
    creds = api.rows("credentials/read", {"limit": 1000000}, key="restricted",
                     body={"api_key_decrypt_password": api.dp("restricted")})
    assert "0" in {r["credential_client_id"] for r in creds}
    assert {r["credential_client_id"] for r in creds} <= {"0", "1"}
    other = [r for r in api.rows("assets/read", {"limit": 1000000}) if r["asset_client_id"] == "2"][0]
    assert_no_resource(api.get("assets/read", {"asset_id": other["asset_id"]}, key="restricted"))
    assert {r["asset_client_id"] for r in api.rows("assets/read", {"limit": 1000000}, key="restricted")} == {"1"}


def test_products_not_client_scoped(api):
    """§1.6/§13: products are not client-scoped: the restricted key sees every product."""
    admin = [r["product_id"] for r in api.rows("products/read", {"limit": 1000000})]
    assert admin
    assert [r["product_id"] for r in api.rows("products/read", {"limit": 1000000}, key="restricted")] == admin


def test_restricted_write_client_check(api):
    """§1.6: create/update/delete refuse another client and client 0 with the "target client" 403."""
    assert_403(api.post("assets/create", {"client_id": 2, "asset_name": uniq()}, key="restricted"), NO_CLIENT_ACCESS)
    assert_403(api.post("clients/create", {"client_name": uniq()}, key="restricted"), NO_CLIENT_ACCESS)
    assert_403(api.post("documents/create", {"document_name": uniq(), "document_content": "x"}, key="restricted"),
               NO_CLIENT_ACCESS)
    assert_403(api.post("tickets/create", {"ticket_subject": uniq()}, key="restricted"), NO_CLIENT_ACCESS)
    gid = api.create("credentials/create", {"api_key_decrypt_password": api.dp(), "credential_name": uniq(),
                                            "credential_password": "pw"})
    assert_403(api.post("credentials/update", {"credential_id": gid, "credential_note": "n",
                                               "api_key_decrypt_password": api.dp("restricted")}, key="restricted"),
               NO_CLIENT_ACCESS)
    other, _unused = make_asset(api, client_id=2)
    assert_403(api.post("assets/update", {"client_id": 2, "asset_id": other, "asset_notes": "x"}, key="restricted"),
               NO_CLIENT_ACCESS)
    # its own client is fine
    api.create("assets/create", {"client_id": 1, "asset_name": uniq()}, key="restricted")


def test_rbac_gaps_archive_unarchive_resolve(api):
    """§1.6: clients/contacts archive+unarchive and tickets/resolve skip the client check for the restricted key."""
    assert_write_ok(api.post("clients/archive", {"client_id": 2}, key="restricted"))
    assert_write_ok(api.post("clients/unarchive", {"client_id": 2}, key="restricted"))
    cid, _unused = make_contact(api, client_id=2)
    assert_write_ok(api.post("contacts/archive", {"client_id": 2, "contact_id": cid}, key="restricted"))
    assert_write_ok(api.post("contacts/unarchive", {"client_id": 2, "contact_id": cid}, key="restricted"))
    tid, _unused = make_ticket(api, client_id=2)
    assert_write_ok(api.post("tickets/resolve", {"client_id": 2, "ticket_id": tid}, key="restricted"))
    assert api.one("tickets/read", {"ticket_id": tid})["ticket_status"] == "4"


def test_failed_keys_logged_no_rate_limit(api, sim2608):
    """§1.6: 40 bad keys then the good key → 200; failures are logged as API / Failed."""
    before = {r["log_id"] for r in sim2608.table("logs")}
    for i in range(40):
        assert api.get("assets/read", key="bad%02d" % i).status_code == 401
    assert api.get("assets/read").status_code == 200
    new = [r for r in sim2608.table("logs") if r["log_id"] not in before]
    failed = [r for r in new if r.get("log_type") == "API" and r.get("log_action") == "Failed"]
    assert len(failed) >= 40
    assert "Incorrect or expired key" in failed[0]["log_description"]


# ---------------------------------------------------------------------------------------------
# §1.7 client_id on writes


def test_updates_need_the_records_real_client_id(api):
    """§1.7: update needs the record's client_id, admin included: missing or wrong → update failure."""
    aid, _unused = make_asset(api, client_id=1)
    assert_update_fail(api.post("assets/update", {"asset_id": aid, "asset_notes": "n1"}))
    assert_update_fail(api.post("assets/update", {"client_id": 2, "asset_id": aid, "asset_notes": "n1"}))
    assert_write_ok(api.post("assets/update", {"client_id": 1, "asset_id": aid, "asset_notes": "n1"}))


def test_create_client_id_rules_by_module(api):
    """§1.7: credentials/documents/tickets without client_id become global; assets/contacts/locations/certificates fail."""
    cr = api.create("credentials/create", {"api_key_decrypt_password": api.dp(), "credential_name": uniq(),
                                           "credential_password": "pw"})
    assert api.one("credentials/read", {"credential_id": cr},
                   body={"api_key_decrypt_password": api.dp()})["credential_client_id"] == "0"
    doc = api.create("documents/create", {"document_name": uniq(), "document_content": "c"})
    assert api.one("documents/read", {"document_id": doc})["document_client_id"] == "0"
    tk = api.create("tickets/create", {"ticket_subject": uniq()})
    assert api.one("tickets/read", {"ticket_id": tk})["ticket_client_id"] == "0"
    assert_insert_fail(api.post("assets/create", {"asset_name": uniq()}))
    assert_insert_fail(api.post("contacts/create", {"contact_name": uniq(), "contact_email": uniq() + "@x.io"}))
    assert_insert_fail(api.post("locations/create", {"location_name": uniq()}))
    assert_insert_fail(api.post("certificates/create", {"certificate_name": uniq(), "certificate_domain": "a.example"}))


def test_global_record_matches_omitted_client_id(api):
    """§1.7: a global (client 0) record is updated with client_id omitted; client_id 1 misses it."""
    dp = api.dp()
    gid = api.create("credentials/create", {"api_key_decrypt_password": dp, "credential_name": uniq("g"),
                                            "credential_password": "pw"})
    assert_update_fail(api.post("credentials/update", {"client_id": 1, "credential_id": gid, "credential_note": "n",
                                                       "api_key_decrypt_password": dp}))
    assert_write_ok(api.post("credentials/update", {"credential_id": gid, "credential_note": "n",
                                                    "api_key_decrypt_password": dp}))
    did = api.create("documents/create", {"document_name": uniq("gd"), "document_content": "c"})
    assert_write_ok(api.post("documents/update", {"document_id": did, "document_description": "d"}))


def test_clients_create_refuses_client_id(api):
    """§1.7/§5: clients/create requires client_id absent or 0: client_id 1 → create failure, 0 → success."""
    name = uniq("cc")
    assert_insert_fail(api.post("clients/create", {"client_id": 1, "client_name": name}))
    assert api.rows("clients/read", {"client_name": name}) == []
    api.create("clients/create", {"client_id": 0, "client_name": name})


def test_nonexistent_client_accepted_on_create(api):
    """§1.7: the client is never validated: asset, contact and ticket for client 999 all succeed."""
    aid, _unused = make_asset(api, client_id=999)
    assert api.one("assets/read", {"asset_id": aid})["asset_client_id"] == "999"
    make_contact(api, client_id=999)
    tid, _unused = make_ticket(api, client_id=999)
    assert api.one("tickets/read", {"ticket_id": tid})["ticket_client_id"] == "999"


# ---------------------------------------------------------------------------------------------
# §3 assets


def test_asset_interface_columns_only_on_list_and_mac(api):
    """§3 read: only the list and asset_mac reads join the primary interface; by id/name/type/serial have no interface_* keys."""
    serial = uniq("SN")
    mac = unique_mac()
    aid, body = make_asset(api, asset_ip="10.9.8.7", asset_mac=mac, asset_serial=serial, asset_type="server")
    for params in ({"asset_id": aid}, {"asset_name": body["asset_name"]}, {"asset_serial": serial}):
        row = api.one("assets/read", params)
        assert row["asset_id"] == str(aid)
        assert not [k for k in row if k.startswith("interface_")], row
    by_mac = api.one("assets/read", {"asset_mac": mac.lower()})
    assert by_mac["asset_id"] == str(aid)
    assert (by_mac["interface_ip"], by_mac["interface_mac"], by_mac["interface_name"]) == \
        ("10.9.8.7", mac, "1")
    listed = iface_of(api, aid)
    assert listed["interface_ip"] == "10.9.8.7" and listed["interface_asset_id"] == str(aid)
    typed = api.rows("assets/read", {"asset_type": "SERVER", "limit": 1000000})
    assert str(aid) in [r["asset_id"] for r in typed] and all(r["asset_type"].lower() == "server" for r in typed)
    assert api.one("assets/read", {"asset_id": aid})["asset_type"] == "server"


def test_asset_uri_2_ignored_on_create(api):
    """§3 create: asset_uri_2 is ignored on create (stored NULL); the interface exists with empty IP/MAC when omitted."""
    aid, _unused = make_asset(api, asset_uri="https://a.example", asset_uri_2="https://b.example")
    row = api.one("assets/read", {"asset_id": aid})
    assert row["asset_uri"] == "https://a.example" and row["asset_uri_2"] is None
    listed = iface_of(api, aid)
    assert listed["interface_ip"] == "" and listed["interface_mac"] == "" and listed["interface_network_id"] == "0"


def test_asset_invalid_date_is_500_empty(api):
    """§3 create: an invalid date string gives HTTP 500 with an empty body."""
    name = uniq()
    assert_empty(api.post("assets/create", {"client_id": 1, "asset_name": name, "asset_purchase_date": "not-a-date"}), 500)
    assert api.rows("assets/read", {"asset_name": name}) == []


def test_asset_partial_update_wipes_ip_and_mac(api):
    """§3 update: omitting asset_ip/asset_mac/asset_network_id wipes the primary interface IP and MAC (to '') and network (0)."""
    mac = unique_mac()
    aid, _unused = make_asset(api, asset_ip="10.0.0.5", asset_mac=mac, asset_network_id=3, asset_notes="rack A")
    assert iface_of(api, aid)["interface_ip"] == "10.0.0.5"
    assert_write_ok(api.post("assets/update", {"client_id": 1, "asset_id": aid, "asset_notes": "rack B"}))
    row = iface_of(api, aid)
    assert (row["interface_ip"], row["interface_mac"], row["interface_network_id"]) == ("", "", "0")
    assert row["asset_notes"] == "rack B"
    assert api.rows("assets/read", {"asset_mac": mac}) == []


def test_asset_first_identical_update_true_then_false(api):
    """§3 update: the first identical update of an API-made asset answers True (asset_uri_2 NULL → ''), later ones False."""
    aid, body = make_asset(api, asset_ip="10.1.2.3", asset_mac="AA:00:00:00:00:03")
    same = {"client_id": 1, "asset_id": aid, "asset_name": body["asset_name"], "asset_ip": "10.1.2.3",
            "asset_mac": "AA:00:00:00:00:03"}
    assert_write_ok(api.post("assets/update", same))
    assert api.one("assets/read", {"asset_id": aid})["asset_uri_2"] == ""
    assert_update_fail(api.post("assets/update", same))


def test_asset_ip_only_update_answers_false_but_changes_and_logs_history(api, sim2608):
    """§3 update: success reflects only the assets row: a new asset_ip alone answers False yet changes the IP; every call adds asset_history."""
    aid, body = make_asset(api, asset_ip="10.0.0.5")
    base = {"client_id": 1, "asset_id": aid, "asset_ip": "10.0.0.5"}
    api.post("assets/update", base)  # absorb the NULL → '' asset_uri_2 change
    before = len(table_rows(sim2608, "asset_history", asset_history_asset_id=aid))
    assert_update_fail(api.post("assets/update", dict(base, asset_ip="10.0.0.6")))
    assert iface_of(api, aid)["interface_ip"] == "10.0.0.6"
    assert_update_fail(api.post("assets/update", dict(base, asset_ip="10.0.0.6")))
    after = len(table_rows(sim2608, "asset_history", asset_history_asset_id=aid))
    assert after == before + 2


def test_asset_date_cannot_be_cleared(api):
    """§3 update: an empty string for a date field leaves the old date in place."""
    aid, _unused = make_asset(api, asset_purchase_date="2024-01-15", asset_ip="10.3.3.3")
    assert_write_ok(api.post("assets/update", {"client_id": 1, "asset_id": aid, "asset_purchase_date": "",
                                               "asset_notes": "cleared?", "asset_ip": "10.3.3.3"}))
    assert api.one("assets/read", {"asset_id": aid})["asset_purchase_date"] == "2024-01-15"


def test_asset_delete_answers_failure_but_deletes(api, sim2608):
    """§3 delete: a successful delete answers the delete failure; the asset, its interfaces and history are gone; a repeat also fails."""
    aid, _unused = make_asset(api, asset_ip="10.4.4.4")
    assert table_rows(sim2608, "asset_interfaces", interface_asset_id=aid)
    assert_delete_fail(api.post("assets/delete", {"client_id": 1, "asset_id": aid}))
    assert_no_resource(api.get("assets/read", {"asset_id": aid}))
    assert table_rows(sim2608, "asset_interfaces", interface_asset_id=aid) == []
    assert table_rows(sim2608, "asset_history", asset_history_asset_id=aid) == []
    assert_delete_fail(api.post("assets/delete", {"client_id": 1, "asset_id": aid}))


def test_asset_delete_wrong_client_removes_interfaces_only(api, sim2608):
    """§3 delete: wrong client_id keeps the asset but deletes its interface rows; later updates cannot recreate them."""
    aid, _unused = make_asset(api, asset_ip="10.5.5.5", asset_mac="AA:00:00:00:05:05")
    assert_delete_fail(api.post("assets/delete", {"client_id": 2, "asset_id": aid}))
    assert api.one("assets/read", {"asset_id": aid})["asset_client_id"] == "1"
    assert table_rows(sim2608, "asset_interfaces", interface_asset_id=aid) == []
    row = iface_of(api, aid)
    assert all(row[k] is None for k in row if k.startswith("interface_"))
    assert_write_ok(api.post("assets/update", {"client_id": 1, "asset_id": aid, "asset_ip": "10.5.5.6",
                                               "asset_notes": "after"}))
    assert iface_of(api, aid)["interface_ip"] is None


# ---------------------------------------------------------------------------------------------
# §4 certificates


def test_certificate_create_rules(api):
    """§4: create needs name + domain (+ non-zero client); expiry omitted → null; "soon" → 500; duplicates returned by name."""
    name = uniq("cert")
    assert_insert_fail(api.post("certificates/create", {"client_id": 1, "certificate_name": name}))
    c1 = api.create("certificates/create", {"client_id": 1, "certificate_name": name, "certificate_domain": "a.example"})
    c2 = api.create("certificates/create", {"client_id": 1, "certificate_name": name, "certificate_domain": "b.example",
                                            "certificate_domain_id": 424242})
    row = api.one("certificates/read", {"certificate_id": c1})
    assert row["certificate_expire"] is None
    assert sorted(r["certificate_id"] for r in api.rows("certificates/read", {"certificate_name": name})) == \
        sorted([str(c1), str(c2)])
    assert_empty(api.post("certificates/create", {"client_id": 1, "certificate_name": uniq(),
                                                  "certificate_domain": "c.example", "certificate_expire": "soon"}), 500)


def test_certificate_pem_fills_issuer_and_expiry(api):
    """§4 create: a PEM public key without expire/issued_by fills both from the certificate (O of the issuer, notAfter)."""
    cid = api.create("certificates/create", {"client_id": 1, "certificate_name": uniq(), "certificate_domain": "lab.example",
                                             "certificate_public_key": LAB_CERT_PEM})
    row = api.one("certificates/read", {"certificate_id": cid})
    assert row["certificate_issued_by"] == "Lab CA Org"
    assert row["certificate_expire"] == "2027-11-28"


# ---------------------------------------------------------------------------------------------
# §5 clients


def test_client_lead_output_and_create_normalisation(api):
    """§5: input client_is_lead, output client_lead; website scheme stripped; abbreviation cut to 6; currency ''."""
    name = uniq("lead")
    api.create("clients/create", {"client_name": name, "client_is_lead": 1, "client_website": "https://www.example.com",
                                  "client_abbreviation": "TOOLONGABBR"})
    row = api.one("clients/read", {"client_name": name})
    assert row["client_lead"] == "1" and "client_is_lead" not in row
    assert row["client_website"] == "www.example.com"
    assert row["client_abbreviation"] == "TOOLON"
    assert row["client_currency_code"] == ""


def test_clients_update_needs_client_is_lead(api):
    """§5 update: without client_is_lead → 500 empty; with it → True; identical → update failure; unknown id → failure."""
    name = uniq("upd")
    cid = api.create("clients/create", {"client_name": name})
    assert_empty(api.post("clients/update", {"client_id": cid, "client_notes": "updated"}), 500)
    assert_write_ok(api.post("clients/update", {"client_id": cid, "client_notes": "updated", "client_is_lead": 0}))
    row = api.one("clients/read", {"client_name": name})
    assert row["client_notes"] == "updated" and row["client_name"] == name
    assert_update_fail(api.post("clients/update", {"client_id": cid, "client_notes": "updated", "client_is_lead": 0}))
    assert_update_fail(api.post("clients/update", {"client_id": 99999999, "client_notes": "x", "client_is_lead": 0}))


def test_clients_archive_unarchive(api):
    """§5 archive/unarchive: True count 1; repeat → update failure; archived clients stay in reads and can be updated."""
    name = uniq("arch")
    cid = api.create("clients/create", {"client_name": name})
    assert_write_ok(api.post("clients/archive", {"client_id": cid}))
    assert_update_fail(api.post("clients/archive", {"client_id": cid}))
    assert api.one("clients/read", {"client_name": name})["client_archived_at"] is not None
    assert_write_ok(api.post("clients/update", {"client_id": cid, "client_notes": "while archived", "client_is_lead": 0}))
    assert_write_ok(api.post("clients/unarchive", {"client_id": cid}))
    assert_update_fail(api.post("clients/unarchive", {"client_id": cid}))
    assert api.one("clients/read", {"client_name": name})["client_archived_at"] is None


# ---------------------------------------------------------------------------------------------
# §6 contacts


def test_contact_phone_digits_and_mobile_lookup_leak(api):
    """§6 read: phones stored as digits; contact_phone_or_mobile leaks another client's contact via mobile, phone branch scoped."""
    mobile, phone = uniq_digits(10), uniq_digits(10)
    cid, _unused = make_contact(api, client_id=2, contact_mobile=mobile, contact_phone="+1 (555) 123-" + phone[-4:])
    row = api.one("contacts/read", {"contact_id": cid})
    assert row["contact_phone"] == "1555123" + phone[-4:]
    assert row["contact_phone_country_code"] is None and row["contact_mobile_country_code"] is None
    leaked = api.one("contacts/read", {"contact_phone_or_mobile": mobile}, key="restricted")
    assert leaked["contact_id"] == str(cid) and leaked["contact_client_id"] == "2"
    assert_no_resource(api.get("contacts/read", {"contact_phone_or_mobile": row["contact_phone"]}, key="restricted"))
    assert_no_resource(api.get("contacts/read", {"contact_id": cid}, key="restricted"))


def test_contact_email_unique_per_client_on_create_only(api):
    """§6: email unique within a client on create only; other client allowed; read by email returns all; format not validated."""
    email = uniq("dup") + "@example.com"
    c1, _unused = make_contact(api, client_id=1, contact_email=email)
    assert_insert_fail(api.post("contacts/create", {"client_id": 1, "contact_name": uniq(), "contact_email": email}))
    make_contact(api, client_id=2, contact_email=email)
    assert len(api.rows("contacts/read", {"contact_email": email, "limit": 1})) == 2
    c3, _unused = make_contact(api, client_id=1)
    assert_write_ok(api.post("contacts/update", {"client_id": 1, "contact_id": c3, "contact_email": email}))
    make_contact(api, client_id=1, contact_email="not-an-email-" + uniq())


def test_contact_primary_behaviours(api):
    """§6: contact_primary:1 on create clears others; identical update of the primary → True, of others → False."""
    client = fresh_client_id()
    a, a_body = make_contact(api, client_id=client, contact_primary=1)
    b, b_body = make_contact(api, client_id=client, contact_primary=1)
    assert api.one("contacts/read", {"contact_id": a})["contact_primary"] == "0"
    assert api.one("contacts/read", {"contact_id": b})["contact_primary"] == "1"
    assert_write_ok(api.post("contacts/update", {"client_id": client, "contact_id": b, "contact_name": b_body["contact_name"]}))
    assert_update_fail(api.post("contacts/update", {"client_id": client, "contact_id": a, "contact_name": a_body["contact_name"]}))


def test_contact_primary_with_bad_id_clears_client_primary(api):
    """§6 update: contact_primary:1 with a bad contact_id clears every primary flag in the client and answers failure."""
    client = fresh_client_id()
    a, _unused = make_contact(api, client_id=client, contact_primary=1)
    assert_update_fail(api.post("contacts/update", {"client_id": client, "contact_id": 99999999, "contact_primary": 1}))
    assert api.one("contacts/read", {"contact_id": a})["contact_primary"] == "0"


def test_contact_delete_leaves_dangling_ids(api):
    """§6 delete: tickets and assets that point to a deleted contact keep the dangling *_contact_id."""
    cid, _unused = make_contact(api, client_id=1)
    tid, _unused = make_ticket(api, client_id=1, ticket_contact_id=cid)
    aid, _unused = make_asset(api, client_id=1, asset_contact_id=cid)
    assert_write_ok(api.post("contacts/delete", {"client_id": 1, "contact_id": cid}))
    assert api.one("tickets/read", {"ticket_id": tid})["ticket_contact_id"] == str(cid)
    assert api.one("assets/read", {"asset_id": aid})["asset_contact_id"] == str(cid)


def test_contact_archive_zeroes_flags_and_delete(api):
    """§6: archive zeroes important/billing/technical, unarchive does not restore; repeat → failure; delete hard, repeat fails."""
    cid, _unused = make_contact(api, client_id=1, contact_important=1, contact_billing=1, contact_technical=1)
    assert_write_ok(api.post("contacts/archive", {"client_id": 1, "contact_id": cid}))
    row = api.one("contacts/read", {"contact_id": cid})
    assert row["contact_archived_at"] is not None
    assert (row["contact_important"], row["contact_billing"], row["contact_technical"]) == ("0", "0", "0")
    assert_update_fail(api.post("contacts/archive", {"client_id": 1, "contact_id": cid}))
    assert_write_ok(api.post("contacts/unarchive", {"client_id": 1, "contact_id": cid}))
    row = api.one("contacts/read", {"contact_id": cid})
    assert row["contact_archived_at"] is None and row["contact_important"] == "0"
    assert_write_ok(api.post("contacts/delete", {"client_id": 1, "contact_id": cid}))
    assert_no_resource(api.get("contacts/read", {"contact_id": cid}))
    assert_delete_fail(api.post("contacts/delete", {"client_id": 1, "contact_id": cid}))


# ---------------------------------------------------------------------------------------------
# §7 credentials


def test_credential_decrypt_password_only_from_get_body(api):
    """§7 read: the decrypt password works only in a GET JSON body; in the query string or absent → "No resource"."""
    cr = api.create("credentials/create", {"client_id": 1, "api_key_decrypt_password": api.dp(), "credential_name": uniq(),
                                           "credential_username": "administrator", "credential_password": "S3cret!",
                                           "credential_otp_secret": "JBSWY3DPEHPK3PXP"})
    row = api.one("credentials/read", {"credential_id": cr}, body={"api_key_decrypt_password": api.dp()})
    assert (row["credential_username"], row["credential_password"]) == ("administrator", "S3cret!")
    assert row["credential_otp_secret"] == "JBSWY3DPEHPK3PXP"
    assert_no_resource(api.get("credentials/read", {"credential_id": cr, "api_key_decrypt_password": api.dp()}))
    assert_no_resource(api.get("credentials/read", {"credential_id": cr}))


def test_credential_undecryptable_fields_are_false(api):
    """§7 read: an unset username and any field read with a wrong decrypt password come back as JSON false, no error."""
    cr = api.create("credentials/create", {"client_id": 1, "api_key_decrypt_password": api.dp(), "credential_name": uniq(),
                                           "credential_password": "pw-only"})
    row = api.one("credentials/read", {"credential_id": cr}, body={"api_key_decrypt_password": api.dp()})
    assert row["credential_username"] is False and row["credential_password"] == "pw-only"
    cr2 = api.create("credentials/create", {"client_id": 1, "api_key_decrypt_password": api.dp(), "credential_name": uniq(),
                                            "credential_username": "administrator", "credential_password": "S3cret!"})
    resp = api.get("credentials/read", {"credential_id": cr2}, body={"api_key_decrypt_password": "W" * 32})
    data = body_json(resp)
    assert resp.status_code == 200 and data["success"] == "True"
    assert data["data"][0]["credential_username"] is False and data["data"][0]["credential_password"] is False


def test_credential_created_with_wrong_decrypt_password(api):
    """§7 create: the decrypt password is not verified; values made with a wrong one read as false with the right one, clear with any wrong one."""
    cr = api.create("credentials/create", {"client_id": 1, "api_key_decrypt_password": "W" * 32, "credential_name": uniq(),
                                           "credential_username": "bob", "credential_password": "hunter2"})
    right = api.one("credentials/read", {"credential_id": cr}, body={"api_key_decrypt_password": api.dp()})
    assert right["credential_username"] is False and right["credential_password"] is False
    other = api.one("credentials/read", {"credential_id": cr}, body={"api_key_decrypt_password": "V" * 32})
    assert (other["credential_username"], other["credential_password"]) == ("bob", "hunter2")


def test_credential_too_long_to_store(api):
    """§7 create: cleartext over 350 characters → 200 {"success":"False","message":"credential_password is too long to store."}."""
    base = {"client_id": 1, "api_key_decrypt_password": api.dp(), "credential_name": uniq()}
    assert_json(api.post("credentials/create", dict(base, credential_password="x" * 351)), 200,
                {"success": "False", "message": "credential_password is too long to store."})
    api.create("credentials/create", dict(base, credential_password="x" * 350))
    resp = api.post("credentials/create", dict(base, credential_password="p", credential_username="u" * 351))
    data = body_json(resp)
    assert resp.status_code == 200 and data["success"] == "False" and data["message"].endswith("is too long to store.")


def test_credential_update_secrets_always_change(api):
    """§7 update: re-sending the same password reports a change; identical non-secret fields → failure; password change stamps changed_at."""
    dp = api.dp()
    name = uniq("cred")
    cr = api.create("credentials/create", {"client_id": 1, "api_key_decrypt_password": dp, "credential_name": name,
                                           "credential_username": "u1", "credential_password": "p1"})
    upd = {"client_id": 1, "credential_id": cr, "api_key_decrypt_password": dp}
    assert_update_fail(api.post("credentials/update", dict(upd, credential_name=name)))
    assert_write_ok(api.post("credentials/update", dict(upd, credential_password="p1")))
    assert_write_ok(api.post("credentials/update", dict(upd, credential_password="p2")))
    row = api.one("credentials/read", {"credential_id": cr}, body={"api_key_decrypt_password": dp})
    assert row["credential_password"] == "p2" and row["credential_username"] == "u1"
    assert row["credential_password_changed_at"] is not None
    assert_update_fail(api.post("credentials/update", dict(upd, client_id=2, credential_note="x")))


# ---------------------------------------------------------------------------------------------
# §8 documents


def test_document_backslashes_grow_and_versions(api, sim2608):
    """§8: create adds one backslash before quotes; each update always answers True, stores a version, adds a level of escaping."""
    did = api.create("documents/create", {"client_id": 1, "document_name": uniq("doc"),
                                          "document_description": "O'Brien's notes",
                                          "document_content": "<p>It's nightly.</p>"})
    row = api.one("documents/read", {"document_id": did})
    assert row["document_content"] == "<p>It\\'s nightly.</p>"
    assert row["document_created_by"] == "0"
    before = len(table_rows(sim2608, "document_versions", document_version_document_id=did))
    assert_write_ok(api.post("documents/update", {"client_id": 1, "document_id": did}))
    assert_write_ok(api.post("documents/update", {"client_id": 1, "document_id": did}))
    row = api.one("documents/read", {"document_id": did})
    assert row["document_content"] == "<p>It" + "\\" * 7 + "'s nightly.</p>"
    assert row["document_description"] == "O" + "\\" * 3 + "'Brien" + "\\" * 3 + "'s notes"
    assert len(table_rows(sim2608, "document_versions", document_version_document_id=did)) == before + 2
    assert_update_fail(api.post("documents/update", {"client_id": 2, "document_id": did}))
    assert_update_fail(api.post("documents/update", {"client_id": 1, "document_id": 99999999}))


def test_document_name_filter_ignored(api):
    """§8 read: document_name is ignored (the unfiltered list)."""
    full = [r["document_id"] for r in api.rows("documents/read")]
    assert len(full) > 1
    assert [r["document_id"] for r in api.rows("documents/read", {"document_name": "nothing-like-this"})] == full


# ---------------------------------------------------------------------------------------------
# §9 domains, networks, software

COLUMNS = {
    "domains": "domain_id, domain_name, domain_description, domain_expire, domain_ip, domain_name_servers, "
               "domain_mail_servers, domain_txt, domain_raw_whois, domain_notes, domain_favorite, domain_created_at, "
               "domain_updated_at, domain_archived_at, domain_accessed_at, domain_registrar, domain_webhost, "
               "domain_dnshost, domain_mailhost, domain_client_id",
    "networks": "network_id, network_name, network_description, network_vlan, network, network_subnet, network_gateway, "
                "network_primary_dns, network_secondary_dns, network_dhcp_range, network_notes, network_favorite, "
                "network_created_at, network_updated_at, network_archived_at, network_accessed_at, network_location_id, "
                "network_client_id",
    "software": "software_id, software_name, software_description, software_version, software_type, "
                "software_license_type, software_key, software_seats, software_purchase_reference, software_purchase, "
                "software_expire, software_notes, software_favorite, software_created_at, software_updated_at, "
                "software_archived_at, software_accessed_at, software_vendor_id, software_client_id",
    "certificates": "certificate_id, certificate_name, certificate_description, certificate_domain, "
                    "certificate_issued_by, certificate_expire, certificate_public_key, certificate_notes, "
                    "certificate_favorite, certificate_created_at, certificate_updated_at, certificate_archived_at, "
                    "certificate_accessed_at, certificate_domain_id, certificate_client_id",
    "clients": "client_id, client_lead, client_name, client_type, client_website, client_referral, client_rate, "
               "client_currency_code, client_net_terms, client_tax_id_number, client_abbreviation, client_notes, "
               "client_favorite, client_created_at, client_updated_at, client_archived_at, client_accessed_at",
    "contacts": "contact_id, contact_name, contact_title, contact_email, contact_phone_country_code, contact_phone, "
                "contact_extension, contact_mobile_country_code, contact_mobile, contact_photo, contact_pin, "
                "contact_notes, contact_primary, contact_important, contact_billing, contact_technical, "
                "contact_created_at, contact_updated_at, contact_archived_at, contact_accessed_at, contact_location_id, "
                "contact_vendor_id, contact_user_id, contact_department, contact_client_id",
    "documents": "document_id, document_name, document_description, document_content, document_content_raw, "
                 "document_client_visible, document_favorite, document_created_at, document_updated_at, "
                 "document_archived_at, document_accessed_at, document_folder_id, document_created_by, "
                 "document_updated_by, document_client_id",
    "assets": "asset_id, asset_type, asset_name, asset_description, asset_make, asset_model, asset_serial, asset_os, "
              "asset_uri, asset_uri_2, asset_uri_client, asset_status, asset_purchase_reference, asset_purchase_date, "
              "asset_warranty_expire, asset_install_date, asset_photo, asset_physical_location, asset_notes, "
              "asset_favorite, asset_created_at, asset_updated_at, asset_archived_at, asset_accessed_at, "
              "asset_vendor_id, asset_location_id, asset_contact_id, asset_client_id",
}
ID_COL = {"domains": "domain_id", "networks": "network_id", "software": "software_id", "certificates": "certificate_id",
          "clients": None, "contacts": "contact_id", "documents": "document_id", "assets": "asset_id"}


@pytest.mark.parametrize("module", sorted(COLUMNS))
def test_read_columns_exact(api, module):
    """§3–§9: each module's rows carry exactly the documented columns (by-id read, or the list for clients)."""
    expected = {c.strip() for c in COLUMNS[module].split(",")}
    first = api.rows(module + "/read")[0]
    row = first if ID_COL[module] is None else api.one(module + "/read", {ID_COL[module]: first[ID_COL[module]]})
    assert set(row) == expected


def test_credential_columns_exact(api):
    """§7 read: credential rows carry exactly the documented columns."""
    expected = {c.strip() for c in (
        "credential_id, credential_name, credential_description, credential_category, credential_uri, credential_uri_2, "
        "credential_username, credential_password, credential_otp_secret, credential_note, credential_favorite, "
        "credential_created_at, credential_updated_at, credential_archived_at, credential_accessed_at, "
        "credential_password_changed_at, credential_folder_id, credential_contact_id, credential_asset_id, "
        "credential_client_id").split(",")}
    row = api.rows("credentials/read", body={"api_key_decrypt_password": api.dp()})[0]
    assert set(row) == expected


def test_software_filters(api):
    """§9 software: software_name → 500 empty; software_key reads the value from software_license; software_type never matches."""
    rows = api.rows("software/read", {"limit": 1000000})
    keyed = [r for r in rows if r["software_key"]][0]
    assert_empty(api.get("software/read", {"software_name": keyed["software_name"]}), 500)
    assert_no_resource(api.get("software/read", {"software_key": keyed["software_key"]}))
    found = api.rows("software/read", {"software_key": "x", "software_license": keyed["software_key"]})
    assert keyed["software_id"] in [r["software_id"] for r in found]
    typed = [r for r in rows if r["software_type"] and not r["software_type"].isdigit()][0]
    assert_no_resource(api.get("software/read", {"software_type": typed["software_type"]}))


def test_domain_and_network_filters(api):
    """§9: domains filter by domain_id/domain_name (exact); networks by network_id/network_name; CIDR in column "network"."""
    dom = api.rows("domains/read")[0]
    assert [r["domain_id"] for r in api.rows("domains/read", {"domain_name": dom["domain_name"]})] == [dom["domain_id"]]
    assert_no_resource(api.get("domains/read", {"domain_name": dom["domain_name"][:-1]}))
    net = api.rows("networks/read")[0]
    assert [r["network_id"] for r in api.rows("networks/read", {"network_name": net["network_name"]})] == [net["network_id"]]
    assert re.match(r"^\d+\.\d+\.\d+\.\d+/\d+$", net["network"]), net["network"]


# ---------------------------------------------------------------------------------------------
# §10 tickets


def test_ticket_create_quirks(api):
    """§10 create: details get <br>; none → "< blank ><br>"; priority unvalidated, default Low; vendor ticket id → int; status 1; primary contact."""
    client = fresh_client_id()
    primary, _unused = make_contact(api, client_id=client, contact_primary=1)
    t1, _unused = make_ticket(api, client_id=client, ticket_details="<p>Printer on fire</p>", ticket_priority="Urgent!!",
                              ticket_vendor_ticket_id="V-123")
    row = api.one("tickets/read", {"ticket_id": t1})
    assert row["ticket_details"] == "<p>Printer on fire</p><br>"
    assert row["ticket_priority"] == "Urgent!!"
    assert row["ticket_vendor_ticket_number"] == "0"
    assert row["ticket_status"] == "1" and row["ticket_status_name"] == "New"
    assert row["ticket_contact_id"] == str(primary)
    assert row["ticket_prefix"] == "TCK-" and row["ticket_number"].isdigit()
    t2, _unused = make_ticket(api, client_id=client)
    row2 = api.one("tickets/read", {"ticket_id": t2})
    assert row2["ticket_details"] == "< blank ><br>" and row2["ticket_priority"] == "Low"
    assert int(row2["ticket_number"]) > int(row["ticket_number"])


def test_ticket_status_columns_only_by_id(api):
    """§10 read: by id the row includes the status record (ticket_status_name...), the list does not."""
    tid, _unused = make_ticket(api)
    row = api.one("tickets/read", {"ticket_id": tid})
    status_cols = {"ticket_status_id", "ticket_status_name", "ticket_status_color", "ticket_status_active",
                   "ticket_status_pauses_sla", "ticket_status_order"}
    assert status_cols <= set(row)
    listed = api.find("tickets/read", "ticket_id", tid)
    assert not (status_cols & set(listed)) and listed["ticket_status"] == "1"
    # subject filter is ignored
    assert len(api.rows("tickets/read", {"ticket_subject": "nothing"})) == len(api.rows("tickets/read"))


def test_ticket_resolve_and_junk_history(api, sim2608):
    """§10 resolve: status 4, resolved and first-response stamps; repeat/bad → update failure, each writing a ticket_history row with ticket id 0."""
    tid, _unused = make_ticket(api, client_id=1)
    assert_write_ok(api.post("tickets/resolve", {"client_id": 1, "ticket_id": tid}))
    row = api.one("tickets/read", {"ticket_id": tid})
    assert row["ticket_status"] == "4" and row["ticket_resolved_at"] and row["ticket_first_response_at"]
    assert table_rows(sim2608, "ticket_history", ticket_history_ticket_id=tid)
    junk = len(table_rows(sim2608, "ticket_history", ticket_history_ticket_id=0))
    assert_update_fail(api.post("tickets/resolve", {"client_id": 1, "ticket_id": tid}))
    tid2, _unused = make_ticket(api, client_id=1)
    assert_update_fail(api.post("tickets/resolve", {"client_id": 2, "ticket_id": tid2}))
    assert len(table_rows(sim2608, "ticket_history", ticket_history_ticket_id=0)) == junk + 2


# ---------------------------------------------------------------------------------------------
# §11 ticket_replies


def test_ticket_reply_create_quirks(api):
    """§11 create: type defaults Internal, unknown → Internal; bad time → 00:00:00; status not validated; rows carry ticket fields and by-name."""
    tid, tbody = make_ticket(api, client_id=1)
    r1 = api.create("ticket_replies/create", {"ticket_id": tid, "ticket_reply": "<p>first</p>"})
    r2 = api.create("ticket_replies/create", {"ticket_id": tid, "ticket_reply": "second", "ticket_reply_type": "Client",
                                              "ticket_reply_time_worked": "90 minutes"})
    r3 = api.create("ticket_replies/create", {"ticket_id": tid, "ticket_reply": "third", "ticket_reply_time_worked": "1:30:00",
                                              "ticket_status": 99})
    row1 = api.one("ticket_replies/read", {"ticket_reply_id": r1})
    assert row1["ticket_reply_type"] == "Internal" and row1["ticket_reply"] == "<p>first</p>"
    assert row1["ticket_subject"] == tbody["ticket_subject"] and row1["ticket_client_id"] == "1"
    assert row1["ticket_prefix"] == "TCK-" and row1["ticket_number"]
    assert row1["ticket_reply_by_name"]
    row2 = api.one("ticket_replies/read", {"ticket_reply_id": r2})
    assert row2["ticket_reply_type"] == "Internal" and row2["ticket_reply_time_worked"] == "00:00:00"
    assert api.one("ticket_replies/read", {"ticket_reply_id": r3})["ticket_reply_time_worked"] == "01:30:00"
    assert api.find("tickets/read", "ticket_id", tid)["ticket_status"] == "99"


def test_ticket_reply_public_type_filter_and_client_mismatch(api):
    """§11: a Public reply sets ticket_first_response_at; type filter any case, unknown type ignored; wrong client_id → create failure."""
    tid, _unused = make_ticket(api, client_id=1)
    assert api.one("tickets/read", {"ticket_id": tid})["ticket_first_response_at"] is None
    api.create("ticket_replies/create", {"ticket_id": tid, "ticket_reply": "internal"})
    pub = api.create("ticket_replies/create", {"ticket_id": tid, "ticket_reply": "public", "ticket_reply_type": "Public"})
    assert api.one("tickets/read", {"ticket_id": tid})["ticket_first_response_at"] is not None
    assert [r["ticket_reply_id"] for r in api.rows("ticket_replies/read", {"ticket_id": tid, "type": "public"})] == [str(pub)]
    assert len(api.rows("ticket_replies/read", {"ticket_id": tid, "type": "bogus"})) == 2
    assert_insert_fail(api.post("ticket_replies/create", {"ticket_id": tid, "ticket_reply": "x", "client_id": 2}))
    assert_insert_fail(api.post("ticket_replies/create", {"ticket_id": tid}))
    api.create("ticket_replies/create", {"ticket_id": tid, "ticket_reply": "matching", "client_id": 1})


# ---------------------------------------------------------------------------------------------
# §12–§13 locations, vendors, invoices, quotes


def test_location_create_rules(api):
    """§12: create needs client + name; phone/fax cannot be set; location_primary:1 clears others; location_name filter ignored."""
    client = fresh_client_id()
    name = uniq("loc")
    assert_insert_fail(api.post("locations/create", {"client_id": client}))
    l1 = api.create("locations/create", {"client_id": client, "location_name": name, "location_primary": 1,
                                         "location_phone": "5551234", "location_fax": "5554321", "location_city": "Paris"})
    l2 = api.create("locations/create", {"client_id": client, "location_name": name, "location_primary": 1})
    row1 = api.one("locations/read", {"location_id": l1})
    assert row1["location_phone"] is None and row1["location_fax"] is None and row1["location_city"] == "Paris"
    assert row1["location_primary"] == "0"
    assert api.one("locations/read", {"location_id": l2})["location_primary"] == "1"
    assert len(api.rows("locations/read", {"location_name": name})) == len(api.rows("locations/read"))


def test_quote_id_like_and_money_strings(api):
    """§13: quote_id=1abc behaves like 1 (integer conversion); invoice money fields are decimal strings."""
    quote = api.rows("quotes/read")[0]
    assert api.one("quotes/read", {"quote_id": quote["quote_id"] + "abc"})["quote_id"] == quote["quote_id"]
    for inv in api.rows("invoices/read"):
        assert re.match(r"^-?\d+\.\d\d$", inv["invoice_amount"]), inv["invoice_amount"]


# ---------------------------------------------------------------------------------------------
# §14 invoice_items, §15 technicians/time


def test_invoice_items_read_needs_filter_400(api):
    """§14/§1.4: invoice_items/read without invoice_id or item_id → HTTP 400 with count 0 and data []."""
    assert_json(api.get("invoice_items/read"), 400,
                {"success": "False", "message": FILTER_REQUIRED, "count": 0, "data": []})


def test_invoice_items_create_and_total(api):
    """§14 create: name/qty without item_ prefix; qty 0, missing name, wrong client, bad invoice fail; negative price OK; total recalculated."""
    inv = [r for r in api.rows("invoices/read", {"limit": 1000000}) if r["invoice_status"] != "Paid"][0]
    iid, client = inv["invoice_id"], inv["invoice_client_id"]
    other = "2" if client == "1" else "1"
    assert_insert_fail(api.post("invoice_items/create", {"invoice_id": iid, "name": "zero", "qty": 0, "price": 1}))
    assert_insert_fail(api.post("invoice_items/create", {"invoice_id": iid, "qty": 1, "price": 1}))
    assert_insert_fail(api.post("invoice_items/create", {"invoice_id": iid, "name": "x", "qty": 1, "price": 1,
                                                         "client_id": other}))
    assert_insert_fail(api.post("invoice_items/create", {"invoice_id": 99999999, "name": "x", "qty": 1, "price": 1}))
    ids = [api.create("invoice_items/create", {"invoice_id": iid, "name": n, "qty": 1, "price": p, "item_order": o})
           for n, p, o in (("Labour", 300, 9001), ("Discount", -50, 9002), ("Cable", 10, 9003))]
    items = api.rows("invoice_items/read", {"invoice_id": iid})
    assert [str(i) for i in ids] == [r["item_id"] for r in items][-3:]
    assert api.one("invoice_items/read", {"item_id": ids[1]})["item_price"] == "-50.00"
    total = sum(float(r["item_total"]) for r in items)
    assert api.one("invoices/read", {"invoice_id": iid})["invoice_amount"] == "%.2f" % total


def test_technicians_time_report(api):
    """§15: time per ticket/technician with the documented keys; month filter; month=13 → 200 with the invalid-month message."""
    tid, tbody = make_ticket(api, client_id=1)
    api.create("ticket_replies/create", {"ticket_id": tid, "ticket_reply": "worked", "ticket_reply_time_worked": "1:45:00"})
    rows = [r for r in api.rows("technicians/time", {"limit": 1000000}) if r["ticket_id"] == str(tid)]
    assert len(rows) == 1
    row = rows[0]
    assert set(row) == {"ticket_id", "ticket_number", "ticket_subject", "client_id", "company", "technician_id",
                        "technician", "time_worked"}
    assert row["time_worked"] == "01:45:00" and row["company"] == "Acme Corp" and row["client_id"] == "1"
    assert row["ticket_number"].startswith("TCK-") and row["ticket_subject"] == tbody["ticket_subject"]
    month = int(today()[5:7])
    assert str(tid) in [r["ticket_id"] for r in api.rows("technicians/time", {"month": month, "limit": 1000000})]
    other = month % 12 + 1
    assert str(tid) not in [r["ticket_id"] for r in api.rows("technicians/time", {"month": other, "limit": 1000000})]
    assert_json(api.get("technicians/time", {"month": 13}), 200, {"success": "False", "message": BAD_MONTH})
