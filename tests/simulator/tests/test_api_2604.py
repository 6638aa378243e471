"""The simulator's 26.04 profile against ITFLOW-API-26.04.md (upstream c4ba2bc32), request by request.

Each docstring cites the section of ITFLOW-API-26.04.md the test checks. Keys: ``admin`` is the
all-clients key, ``restricted`` the Acme (client 1) key, ``client2`` the Globex key.
"""

import pytest
import requests

from sim_raw_helpers import (
    AUTH_FAIL, BAD_MONTH, FILTER_REQUIRED, ONLY_GET, ONLY_POST, TIMEOUT,
    assert_delete_fail, assert_empty, assert_html_404, assert_insert_fail, assert_json, assert_no_resource,
    assert_row_types, assert_update_fail, assert_write_ok, body_json, table_rows, uniq, uniq_digits,
)

# ticket columns of 26.08.2 that are about SLAs / due dates and absent here (§4.9)
SLA_COLUMNS = {"ticket_response_due_at", "ticket_resolution_due_at", "ticket_response_sla_met",
               "ticket_resolution_sla_met", "ticket_response_sla_alert_stage", "ticket_resolution_sla_alert_stage"}
TICKET_COLUMNS_2608 = {c.strip() for c in (
    "ticket_id, ticket_prefix, ticket_number, ticket_source, ticket_category, ticket_subject, ticket_details, "
    "ticket_priority, ticket_status, ticket_sla_id, ticket_billable, ticket_schedule, ticket_onsite, "
    "ticket_vendor_ticket_number, ticket_feedback, ticket_url_key, ticket_created_at, ticket_updated_at, ticket_due_at, "
    "ticket_resolved_at, ticket_archived_at, ticket_first_response_at, ticket_response_due_at, "
    "ticket_resolution_due_at, ticket_response_sla_met, ticket_resolution_sla_met, ticket_response_sla_alert_stage, "
    "ticket_resolution_sla_alert_stage, ticket_closed_at, ticket_created_by, ticket_assigned_to, ticket_closed_by, "
    "ticket_vendor_id, ticket_client_id, ticket_contact_id, ticket_location_id, ticket_asset_id, ticket_quote_id, "
    "ticket_invoice_id, ticket_project_id, ticket_recurring_ticket_id, ticket_order").split(",")}


def cred_rows(api, params=None, key="admin", dp_key=None):
    """credentials/read with the decrypt password in the query string (§4.11)."""
    params = dict(params or {})
    params["api_key_decrypt_password"] = api.dp(dp_key or key)
    return api.rows("credentials/read", params, key=key)


# ---------------------------------------------------------------------------------------------
# §1 operations matrix


@pytest.mark.parametrize("endpoint", ["ticket_replies/read", "ticket_replies/create", "invoice_items/create",
                                      "assets/archive", "technicians/read", "payments/archive"])
def test_absent_endpoints_are_html_404(api04, endpoint):
    """26.04 §1/§4.10/§4.15: ticket_replies and invoice_items/create are absent: Apache HTML 404."""
    assert_html_404(api04.get(endpoint))
    assert_html_404(api04.post(endpoint, {"client_id": 1, "ticket_id": 1, "ticket_reply": "x"}))


@pytest.mark.parametrize("module,body", [
    ("domains", {"client_id": 1, "domain_name": "crash.example", "domain_expire": "2030-01-01"}),
    ("networks", {"client_id": 1, "network_name": "crashnet", "network": "10.77.0.0/24", "network_gateway": "10.77.0.1"}),
    ("invoices", {"client_id": 1, "invoice_scope": "crash", "invoice_date": "2026-01-01"}),
    ("quotes", {"client_id": 1, "quote_scope": "crash", "quote_date": "2026-01-01"}),
    ("products", {"product_name": "crash", "product_price": 10}),
    ("expenses", {"expense_amount": 10, "expense_description": "crash", "expense_date": "2026-01-01"}),
    ("payments", {"payment_amount": 10, "payment_date": "2026-01-01", "payment_method": "Cash"}),
])
def test_crashing_create_and_update_are_500(api04, module, body):
    """26.04 §1/§4.5/§4.6/§4.14/§4.16–§4.18: these create and update endpoints always answer an empty 500 and store nothing."""
    idcol = {"domains": "domain_id", "networks": "network_id", "invoices": "invoice_id", "quotes": "quote_id",
             "products": "product_id", "expenses": "expense_id", "payments": "payment_id"}[module]
    before = api04.rows(module + "/read", {"limit": 1000000})
    assert_empty(api04.post(module + "/create", body), 500)
    assert_empty(api04.post(module + "/update", dict(body, **{idcol: before[0][idcol]})), 500)
    after = api04.rows(module + "/read", {"limit": 1000000})
    assert after == before


def test_domain_create_empty_body_is_create_failure(api04):
    """26.04 §4.5: domains/create with an empty body answers the create failure (not 500)."""
    assert_insert_fail(api04.post("domains/create", {}))


def test_clients_delete_never_succeeds(api04):
    """26.04 §4.1: clients/delete always answers the delete failure (body id, query id, "0", none, scoped key)."""
    name = uniq("nodelete")
    cid = api04.create("clients/create", {"client_name": name})
    assert_delete_fail(api04.post("clients/delete", {"client_id": cid}))
    assert_delete_fail(api04.post("clients/delete", {}, params={"client_id": cid}))
    assert_delete_fail(api04.post("clients/delete", {"client_id": "0"}))
    assert_delete_fail(api04.post("clients/delete", {}))
    assert_delete_fail(api04.post("clients/delete", {"client_id": cid}, key="restricted"))
    assert [r["client_name"] for r in api04.rows("clients/read", {"client_id": cid})] == [name]
    assert api04.rows("clients/read", {"client_id": 1})


# ---------------------------------------------------------------------------------------------
# §2 key model


def test_auth_failures(api04):
    """26.04 §2.2: no key → 401 empty; wrong/expired/revoked key → 401 JSON; headers ignored; body key wins."""
    assert_empty(api04.get("vendors/read", key=None), 401)
    assert_empty(api04.get("vendors/read", key=None, headers={"X-API-KEY": api04.secret("admin")}), 401)
    for key in ("expired", "revoked", "Z" * 32):
        assert_json(api04.get("vendors/read", key=key), 401, {"success": "False", "message": AUTH_FAIL})
    resp = api04.get("vendors/read", params={"api_key": api04.secret("admin")}, key=None, body={"api_key": "bad"})
    assert_json(resp, 401, {"success": "False", "message": AUTH_FAIL})


def test_client_id_is_a_read_filter_for_all_clients_key(api04):
    """26.04 §2.3: for the all-clients key client_id filters reads: 1 → client 1 only, 0/abc → global only, clients?client_id=2 → Globex."""
    everything = {r["vendor_client_id"] for r in api04.rows("vendors/read", {"limit": 1000000})}
    assert {"0", "1", "2"} <= everything
    assert {r["vendor_client_id"] for r in api04.rows("vendors/read", {"client_id": 1, "limit": 1000000})} == {"1"}
    global_rows = api04.rows("vendors/read", {"client_id": 0, "limit": 1000000})
    assert {r["vendor_client_id"] for r in global_rows} == {"0"}
    assert "Dell Global" in [r["vendor_name"] for r in global_rows]
    assert api04.rows("vendors/read", {"client_id": "abc", "limit": 1000000}) == global_rows
    assert [r["client_name"] for r in api04.rows("clients/read", {"client_id": 2})] == ["Globex Inc"]
    assert {r["asset_client_id"] for r in api04.rows("assets/read", {"client_id": 2, "limit": 1000000})} == {"2"}


def test_scoped_key_reads_own_client_only_no_global(api04):
    """26.04 §2.3: a client-scoped key sees only its client; client_id is ignored; global rows (client 0) are invisible."""
    vendors = api04.rows("vendors/read", {"limit": 1000000}, key="restricted")
    assert {r["vendor_client_id"] for r in vendors} == {"1"}
    assert "Dell Global" not in [r["vendor_name"] for r in vendors]
    assert api04.rows("vendors/read", {"client_id": 2, "limit": 1000000}, key="restricted") == vendors
    assert {r["credential_client_id"] for r in cred_rows(api04, {"limit": 1000000}, key="restricted")} == {"1"}
    assert "0" in {r["credential_client_id"] for r in cred_rows(api04, {"limit": 1000000})}
    assert [r["client_name"] for r in api04.rows("clients/read", key="restricted")] == ["Acme Corp"]
    assert_no_resource(api04.get("clients/read", {"client_name": "Globex Inc"}, key="restricted"))


def test_scoped_key_writes_forced_to_own_client(api04):
    """26.04 §2.4: a scoped key's client_id is ignored on creates: client_id 2 (or 0 for vendors) lands in client 1."""
    made = {
        "contacts": api04.create("contacts/create", {"client_id": 2, "contact_name": uniq(), "contact_email": uniq() + "@x.io"},
                                 key="restricted"),
        "locations": api04.create("locations/create", {"client_id": 2, "location_name": uniq()}, key="restricted"),
        "certificates": api04.create("certificates/create", {"client_id": 2, "certificate_name": uniq(),
                                                             "certificate_domain": "s.example"}, key="restricted"),
        "documents": api04.create("documents/create", {"client_id": 2, "document_name": uniq(), "document_content": "c"},
                                  key="restricted"),
        "tickets": api04.create("tickets/create", {"client_id": 2, "ticket_subject": uniq()}, key="restricted"),
        "software": api04.create("software/create", {"client_id": 2, "software_name": uniq(), "software_expire": "2030-01-01"},
                                 key="restricted"),
        "assets": api04.create("assets/create", {"client_id": 2, "asset_name": uniq()}, key="restricted"),
        "vendors": api04.create("vendors/create", {"client_id": 0, "vendor_name": uniq()}, key="restricted"),
    }
    for module, new_id in made.items():
        prefix = {"contacts": "contact", "locations": "location", "certificates": "certificate", "documents": "document",
                  "tickets": "ticket", "software": "software", "assets": "asset", "vendors": "vendor"}[module]
        row = api04.find(module + "/read", prefix + "_id", new_id)
        assert row is not None and row[prefix + "_client_id"] == "1", (module, row)
    cr = api04.create("credentials/create", {"client_id": 2, "credential_name": uniq(), "credential_password": "p",
                                             "api_key_decrypt_password": api04.dp("restricted")}, key="restricted")
    assert cred_rows(api04, {"credential_id": cr}, key="restricted")[0]["credential_client_id"] == "1"


def test_scoped_key_client_writes_hit_own_client(api04):
    """26.04 §2.4/§4.1: scoped clients/update and clients/archive with client_id 2 change client 1 (Acme) instead."""
    note = uniq("acme-note")
    globex_before = api04.one("clients/read", {"client_id": 2})
    assert_write_ok(api04.post("clients/update", {"client_id": 2, "client_notes": note, "client_is_lead": 0}, key="restricted"))
    assert api04.one("clients/read", {"client_id": 1})["client_notes"] == note
    assert api04.one("clients/read", {"client_id": 2}) == globex_before
    try:
        assert_write_ok(api04.post("clients/archive", {"client_id": 2}, key="restricted"))
        assert api04.one("clients/read", {"client_id": 1})["client_archived_at"] is not None
        assert api04.one("clients/read", {"client_id": 2})["client_archived_at"] is None
    finally:
        api04.post("clients/unarchive", {"client_id": 1}, key="restricted")
    assert api04.one("clients/read", {"client_id": 1})["client_archived_at"] is None


def test_no_403_anywhere(api04):
    """26.04 §2.2/§4.1: no 403 exists: refusals are ordinary failures (scoped client create → create failure, etc.)."""
    name = uniq("scopedclient")
    assert_insert_fail(api04.post("clients/create", {"client_name": name}, key="restricted"))
    assert_no_resource(api04.get("clients/read", {"client_name": name}))
    gv = list(api04.rows("vendors/read", {"client_id": 0}))[0]
    assert_update_fail(api04.post("vendors/update", {"vendor_id": gv["vendor_id"], "vendor_notes": "x"}, key="restricted"))
    resp = api04.get("expenses/read", key="restricted")
    assert_json(resp, 200, {"success": "True", "count": 1})
    # a sweep of requests that are 403 on 26.08.2: none is 403 here
    sweep = [
        api04.post("documents/create", {"document_name": uniq(), "document_content": "x"}, key="restricted"),
        api04.post("tickets/create", {"ticket_subject": uniq()}, key="restricted"),
        api04.post("assets/create", {"client_id": 2, "asset_name": uniq()}, key="restricted"),
        api04.post("contacts/delete", {"client_id": 2, "contact_id": 99999999}, key="restricted"),
        api04.get("technicians/time", key="restricted"),
    ]
    assert [r.status_code for r in sweep] == [200] * len(sweep)


def test_all_clients_key_client_id_rules(api04):
    """26.04 §2.4/§4.1: "2abc" reads as 2; clients/update without client_id fails; products/expenses/payments writes with a client_id are plain failures."""
    aid = api04.create("assets/create", {"client_id": "2abc", "asset_name": uniq()})
    assert api04.one("assets/read", {"asset_id": aid})["asset_client_id"] == "2"
    assert_update_fail(api04.post("clients/update", {"client_notes": "x", "client_is_lead": 0}))
    assert_insert_fail(api04.post("products/create", {"client_id": 1, "product_name": "p", "product_price": 1}))
    assert_insert_fail(api04.post("products/create", {"product_name": "p", "product_price": 1}, key="restricted"))
    assert_insert_fail(api04.post("expenses/create", {"client_id": 2, "expense_description": "e", "expense_amount": 1}))
    assert_empty(api04.post("products/create", {"product_name": "p", "product_price": 1}), 500)


def test_all_clients_key_client_id_only_from_json_body(api04):
    """26.04 §2.4: client_id in a POST query string is ignored: locations/create → create failure, vendors/create → global."""
    assert_insert_fail(api04.post("locations/create", {"location_name": uniq("QS loc")}, params={"client_id": 1}))
    resp = api04.post("vendors/create", {"vendor_name": uniq("qsvendor")}, params={"client_id": 1})
    data = body_json(resp)
    assert data["success"] == "True", data
    vid = data["data"][0]["insert_id"]
    assert api04.find("vendors/read", "vendor_id", vid)["vendor_client_id"] == "0"
    assert_update_fail(api04.post("clients/archive", {}, params={"client_id": 2}))
    assert api04.one("clients/read", {"client_id": 2})["client_archived_at"] is None


# ---------------------------------------------------------------------------------------------
# §3 common behaviour


def test_common_envelope_and_methods_as_2608(api04):
    """26.04 §3: envelope, 405 JSON / var_dump, limit 0 / -1, invoice_items 400, form body → 401 empty are as 26.08.2."""
    resp = api04.post("contacts/create", {"client_id": 1, "contact_name": uniq(), "contact_email": uniq() + "@x.io"})
    data = body_json(resp)
    insert_id = data["data"][0]["insert_id"]
    assert data["success"] == "True" and data["count"] == "1" and isinstance(insert_id, int) and not isinstance(insert_id, bool)
    resp = api04.get("assets/read")
    data = body_json(resp)
    assert (isinstance(data["count"], int) and not isinstance(data["count"], bool)) and data["count"] == len(data["data"])
    for row in data["data"]:
        assert_row_types(row)
    assert_json(api04.post("assets/read", {}), 405, {"success": "False", "message": ONLY_GET})
    assert_json(api04.get("vendors/create"), 405, {"success": "False", "message": ONLY_POST})
    put = requests.put(api04.url("assets/read"), timeout=TIMEOUT)
    assert put.status_code == 405 and put.text.strip() == 'string(3) "PUT"'
    assert_no_resource(api04.get("assets/read", {"limit": 0}))
    assert_empty(api04.get("assets/read", {"limit": -1}), 500)
    assert_json(api04.get("invoice_items/read"), 400,
                {"success": "False", "message": FILTER_REQUIRED, "count": 0, "data": []})
    assert_empty(api04.post("clients/create", key=None, data={"api_key": api04.secret("admin"), "client_name": "x"}), 401)


def test_delete_with_apostrophe_deletes_then_500(api04):
    """26.04 §3/§4.3/§4.4/§4.8: deleting a record whose name contains an apostrophe deletes it, then answers an empty 500."""
    vid = api04.create("vendors/create", {"client_id": 1, "vendor_name": "Joe's Hardware " + uniq()})
    assert_empty(api04.post("vendors/delete", {"client_id": 1, "vendor_id": vid}), 500)
    assert api04.find("vendors/read", "vendor_id", vid) is None
    cid = api04.create("certificates/create", {"client_id": 1, "certificate_name": "O'Brien cert " + uniq(),
                                               "certificate_domain": "ob.example", "certificate_expire": "2030-01-01"})
    assert_empty(api04.post("certificates/delete", {"client_id": 1, "certificate_id": cid}), 500)
    assert_no_resource(api04.get("certificates/read", {"certificate_id": cid}))
    lid = api04.create("locations/create", {"client_id": 1, "location_name": "Bob's Office " + uniq()})
    assert_empty(api04.post("locations/delete", {"client_id": 1, "location_id": lid}), 500)
    assert_no_resource(api04.get("locations/read", {"location_id": lid}))


# ---------------------------------------------------------------------------------------------
# §4.2 contacts


def test_contacts_update_scoped_key_blanks_and_rehomes(api04):
    """26.04 §4.2: the Acme key updating a Globex contact answers True and blanks and re-homes it to client 1."""
    cid = api04.create("contacts/create", {"client_id": 2, "contact_name": "Globex Person", "contact_email": uniq() + "@globex.io",
                                           "contact_title": "CTO", "contact_phone": "5551112222"})
    assert_write_ok(api04.post("contacts/update", {"contact_id": cid, "contact_notes": "from acme key"}, key="restricted"))
    row = api04.one("contacts/read", {"contact_id": cid})
    assert row["contact_client_id"] == "1" and row["contact_notes"] == "from acme key"
    assert (row["contact_name"], row["contact_email"], row["contact_title"], row["contact_phone"]) == ("", "", "", "")


def test_contacts_update_all_clients_key_wrong_or_missing_client(api04):
    """26.04 §4.2: all-clients key: no client_id → moved to client 0 and blanked; wrong → moved there and blanked; right → partial."""
    a = api04.create("contacts/create", {"client_id": 1, "contact_name": "Keep Me", "contact_email": uniq() + "@x.io"})
    assert_write_ok(api04.post("contacts/update", {"client_id": 1, "contact_id": a, "contact_title": "Boss"}))
    row = api04.one("contacts/read", {"contact_id": a})
    assert (row["contact_name"], row["contact_title"], row["contact_client_id"]) == ("Keep Me", "Boss", "1")
    assert_write_ok(api04.post("contacts/update", {"contact_id": a, "contact_notes": "no client"}))
    row = api04.one("contacts/read", {"contact_id": a})
    assert (row["contact_client_id"], row["contact_name"], row["contact_title"]) == ("0", "", "")
    b = api04.create("contacts/create", {"client_id": 1, "contact_name": "Move Me", "contact_email": uniq() + "@x.io"})
    assert_write_ok(api04.post("contacts/update", {"client_id": 2, "contact_id": b, "contact_notes": "wrong client"}))
    row = api04.one("contacts/read", {"contact_id": b})
    assert (row["contact_client_id"], row["contact_name"], row["contact_email"]) == ("2", "", "")


def test_blanked_contact_delete_answers_failure_but_deletes(api04):
    """26.04 §3/§4.2: a contact with an empty name is deleted, but the delete answers the delete failure."""
    cid = api04.create("contacts/create", {"client_id": 1, "contact_name": "Soon Blank", "contact_email": uniq() + "@x.io"})
    assert_write_ok(api04.post("contacts/update", {"client_id": 2, "contact_id": cid, "contact_notes": "blank me"}))
    assert api04.one("contacts/read", {"contact_id": cid})["contact_name"] == ""
    assert_delete_fail(api04.post("contacts/delete", {"client_id": 2, "contact_id": cid}))
    assert_no_resource(api04.get("contacts/read", {"contact_id": cid}))


def test_contacts_mobile_lookup_still_leaks(api04):
    """26.04 §4.2: contact_phone_or_mobile still leaks across clients through the mobile number."""
    mobile = uniq_digits(10)
    cid = api04.create("contacts/create", {"client_id": 2, "contact_name": uniq(), "contact_email": uniq() + "@x.io",
                                           "contact_mobile": mobile})
    row = api04.one("contacts/read", {"contact_phone_or_mobile": mobile}, key="restricted")
    assert row["contact_id"] == str(cid) and row["contact_client_id"] == "2"
    assert_no_resource(api04.get("contacts/read", {"contact_id": cid}, key="restricted"))


# ---------------------------------------------------------------------------------------------
# §4.3 locations, §4.4 vendors


def test_location_update_primary_does_not_clear_others(api04):
    """26.04 §4.3: location_primary:1 clears others on create but not on update; no-change, phone-only, wrong client → failure."""
    l1 = api04.create("locations/create", {"client_id": 1, "location_name": uniq("L1"), "location_primary": 1})
    l2 = api04.create("locations/create", {"client_id": 1, "location_name": uniq("L2"), "location_primary": 1})
    assert api04.one("locations/read", {"location_id": l1})["location_primary"] == "0"
    assert_write_ok(api04.post("locations/update", {"client_id": 1, "location_id": l1, "location_primary": 1}))
    assert api04.one("locations/read", {"location_id": l1})["location_primary"] == "1"
    assert api04.one("locations/read", {"location_id": l2})["location_primary"] == "1"
    assert_update_fail(api04.post("locations/update", {"client_id": 1, "location_id": l1, "location_primary": 1}))
    assert_update_fail(api04.post("locations/update", {"client_id": 1, "location_id": l1, "location_phone": "5551234"}))
    assert_update_fail(api04.post("locations/update", {"client_id": 2, "location_id": l1, "location_city": "Oslo"}))
    assert_write_ok(api04.post("locations/delete", {"client_id": 1, "location_id": l2}))
    assert_delete_fail(api04.post("locations/delete", {"client_id": 1, "location_id": l2}))


def test_vendor_create_update_delete(api04):
    """26.04 §4.4: website scheme stripped, phone as sent, vendor_email ignored, global when client omitted; update/delete rules."""
    name = uniq("Vend")
    vid = api04.create("vendors/create", {"vendor_name": name, "vendor_website": "https://vendor.example",
                                          "vendor_phone": "+1 555-000-1111", "vendor_email": "a@vendor.example"})
    row = api04.find("vendors/read", "vendor_id", vid)
    assert row["vendor_client_id"] == "0" and row["vendor_website"] == "vendor.example"
    assert row["vendor_phone"] == "+1 555-000-1111" and row["vendor_email"] is None
    assert_write_ok(api04.post("vendors/update", {"vendor_id": vid, "vendor_name": "Joe's " + name}))
    assert api04.find("vendors/read", "vendor_id", vid)["vendor_name"] == "Joe's " + name
    assert_update_fail(api04.post("vendors/update", {"vendor_id": vid, "vendor_name": "Joe's " + name}))
    assert_update_fail(api04.post("vendors/update", {"vendor_id": vid, "vendor_notes": "x"}, key="restricted"))
    assert_delete_fail(api04.post("vendors/delete", {"vendor_id": vid}, key="restricted"))
    v2 = api04.create("vendors/create", {"vendor_name": uniq("plain")})
    assert_write_ok(api04.post("vendors/delete", {"vendor_id": v2}))
    assert_delete_fail(api04.post("vendors/delete", {"vendor_id": v2}))


# ---------------------------------------------------------------------------------------------
# §4.5–§4.8 domains, networks, software, certificates


def test_domain_and_network_delete(api04):
    """26.04 §4.5/§4.6: delete needs id + the record's client_id; other client's key fails; own key works."""
    dom = [r for r in api04.rows("domains/read", {"limit": 1000000}) if r["domain_client_id"] == "1"][0]
    assert_delete_fail(api04.post("domains/delete", {"domain_id": dom["domain_id"]}))
    assert_delete_fail(api04.post("domains/delete", {"client_id": 2, "domain_id": dom["domain_id"]}))
    assert_delete_fail(api04.post("domains/delete", {"domain_id": dom["domain_id"]}, key="client2"))
    assert_write_ok(api04.post("domains/delete", {"client_id": 1, "domain_id": dom["domain_id"]}))
    assert_no_resource(api04.get("domains/read", {"domain_id": dom["domain_id"]}))
    net = [r for r in api04.rows("networks/read", {"limit": 1000000}) if r["network_client_id"] == "2"][0]
    assert_delete_fail(api04.post("networks/delete", {"client_id": 1, "network_id": net["network_id"]}))
    assert_write_ok(api04.post("networks/delete", {"network_id": net["network_id"]}, key="client2"))
    assert_no_resource(api04.get("networks/read", {"network_id": net["network_id"]}))


def test_software_create_requires_expiry(api04):
    """26.04 §4.7 create: no software_expire → 500; software_type → integer; license type/purchase fields ignored; type=0 filter matches."""
    name = uniq("sw")
    assert_empty(api04.post("software/create", {"client_id": 1, "software_name": name}), 500)
    sid = api04.create("software/create", {"client_id": 1, "software_name": name, "software_expire": "2030-06-30",
                                           "software_type": "Operating System", "software_license_type": "Per Seat",
                                           "software_purchase": "2024-01-01", "software_purchase_reference": "PO-1",
                                           "software_seats": 5})
    row = api04.one("software/read", {"software_id": sid})
    assert row["software_type"] == "0" and row["software_expire"] == "2030-06-30" and row["software_seats"] == "5"
    assert (row["software_license_type"], row["software_purchase"], row["software_purchase_reference"]) == (None, None, None)
    assert str(sid) in [r["software_id"] for r in api04.rows("software/read", {"software_type": 0, "limit": 1000000})]
    assert_empty(api04.get("software/read", {"software_name": name}), 500)
    glob = api04.create("software/create", {"software_name": uniq("gsw"), "software_expire": "2030-01-01"})
    assert api04.one("software/read", {"software_id": glob})["software_client_id"] == "0"


def test_software_update_traps(api04):
    """26.04 §4.7 update: API-made records update partially; expire "" → 500; a UI record with a text type → 500 unless software_type is sent."""
    sid = api04.create("software/create", {"client_id": 1, "software_name": uniq("sw"), "software_expire": "2030-06-30"})
    assert_write_ok(api04.post("software/update", {"client_id": 1, "software_id": sid, "software_seats": "7"}))
    assert_update_fail(api04.post("software/update", {"client_id": 1, "software_id": sid, "software_seats": "7"}))
    assert_update_fail(api04.post("software/update", {"client_id": 2, "software_id": sid, "software_seats": "8"}))
    assert_empty(api04.post("software/update", {"client_id": 1, "software_id": sid, "software_expire": ""}), 500)
    ui = [r for r in api04.rows("software/read", {"limit": 1000000})
          if r["software_type"] and not r["software_type"].isdigit()][0]
    body = {"client_id": int(ui["software_client_id"]), "software_id": ui["software_id"], "software_notes": uniq("n")}
    if ui["software_expire"] is None:
        assert_empty(api04.post("software/update", dict(body, software_type="Application")), 500)
        body["software_expire"] = "2031-01-01"
    assert_empty(api04.post("software/update", body), 500)
    assert_write_ok(api04.post("software/update", dict(body, software_type="Application")))
    assert api04.one("software/read", {"software_id": ui["software_id"]})["software_type"] in ("0", "1")
    assert_write_ok(api04.post("software/delete", {"client_id": 1, "software_id": sid}))
    assert_delete_fail(api04.post("software/delete", {"client_id": 1, "software_id": sid}))


def test_certificate_update_null_expiry_and_apostrophe_500(api04):
    """26.04 §4.8: update 500s while the stored expiry is NULL (unless sent) or "" is sent; a stored ' needs the field re-sent."""
    cid = api04.create("certificates/create", {"client_id": 1, "certificate_name": uniq("c"), "certificate_domain": "n.example"})
    assert_empty(api04.post("certificates/update", {"client_id": 1, "certificate_id": cid, "certificate_notes": "x"}), 500)
    assert_write_ok(api04.post("certificates/update", {"client_id": 1, "certificate_id": cid, "certificate_notes": "x",
                                                       "certificate_expire": "2030-01-01"}))
    assert api04.one("certificates/read", {"certificate_id": cid})["certificate_expire"] == "2030-01-01"
    assert_empty(api04.post("certificates/update", {"client_id": 1, "certificate_id": cid, "certificate_expire": ""}), 500)
    assert_update_fail(api04.post("certificates/update", {"client_id": 1, "certificate_id": cid, "certificate_notes": "x"}))
    assert_update_fail(api04.post("certificates/update", {"certificate_id": cid, "certificate_notes": "y"}))
    name = "O'Brien cert " + uniq()
    ob = api04.create("certificates/create", {"client_id": 1, "certificate_name": name, "certificate_domain": "o.example",
                                              "certificate_expire": "2030-01-01"})
    assert_empty(api04.post("certificates/update", {"client_id": 1, "certificate_id": ob, "certificate_notes": "n"}), 500)
    assert_write_ok(api04.post("certificates/update", {"client_id": 1, "certificate_id": ob, "certificate_notes": "n",
                                                       "certificate_name": name}))


# ---------------------------------------------------------------------------------------------
# §4.9 tickets


def test_ticket_update_resets_vendor_ticket_number(api04):
    """26.04 §4.9 update: every update without ticket_vendor_ticket_id resets it to ""; ticket_status ignored; details get <br>."""
    tid = api04.create("tickets/create", {"client_id": 1, "ticket_subject": uniq("t"), "ticket_vendor_ticket_id": 555})
    assert api04.one("tickets/read", {"ticket_id": tid})["ticket_vendor_ticket_number"] == "555"
    assert_write_ok(api04.post("tickets/update", {"client_id": 1, "ticket_id": tid, "ticket_priority": "High"}))
    row = api04.one("tickets/read", {"ticket_id": tid})
    assert row["ticket_vendor_ticket_number"] == "" and row["ticket_priority"] == "High"
    assert_update_fail(api04.post("tickets/update", {"client_id": 1, "ticket_id": tid, "ticket_status": 4}))
    assert api04.one("tickets/read", {"ticket_id": tid})["ticket_status"] == "1"
    assert_write_ok(api04.post("tickets/update", {"client_id": 1, "ticket_id": tid, "ticket_details": "abc"}))
    assert api04.one("tickets/read", {"ticket_id": tid})["ticket_details"] == "abc<br>"
    assert_update_fail(api04.post("tickets/update", {"client_id": 1, "ticket_id": tid, "ticket_details": "abc"}))
    assert_update_fail(api04.post("tickets/update", {"ticket_id": tid, "ticket_priority": "Low"}))
    assert_update_fail(api04.post("tickets/update", {"ticket_id": tid, "ticket_priority": "Low"}, key="client2"))


def test_ticket_resolve_scoped_and_no_history(api04, sim2604):
    """26.04 §4.9 resolve: another client's key gets the update failure; no ticket_history rows on success or failure."""
    tid = api04.create("tickets/create", {"client_id": 1, "ticket_subject": uniq("r")})
    history = len(sim2604.table("ticket_history"))
    assert_update_fail(api04.post("tickets/resolve", {"client_id": 1, "ticket_id": tid}, key="client2"))
    assert api04.one("tickets/read", {"ticket_id": tid})["ticket_status"] == "1"
    assert_write_ok(api04.post("tickets/resolve", {"client_id": 1, "ticket_id": tid}, key="restricted"))
    assert api04.one("tickets/read", {"ticket_id": tid})["ticket_status"] == "4"
    assert_update_fail(api04.post("tickets/resolve", {"client_id": 1, "ticket_id": tid}))
    assert len(sim2604.table("ticket_history")) == history


def test_ticket_delete_leaves_replies(api04, sim2604):
    """26.04 §4.9 delete: id + client → True (hard delete); repeat → failure; the ticket's replies stay behind."""
    reply = sim2604.table("ticket_replies")[0]
    tid = reply["ticket_reply_ticket_id"]
    ticket = api04.one("tickets/read", {"ticket_id": tid})
    assert_delete_fail(api04.post("tickets/delete", {"ticket_id": tid}))
    assert_write_ok(api04.post("tickets/delete", {"client_id": int(ticket["ticket_client_id"]), "ticket_id": tid}))
    assert_no_resource(api04.get("tickets/read", {"ticket_id": tid}))
    assert table_rows(sim2604, "ticket_replies", ticket_reply_id=reply["ticket_reply_id"])
    assert_delete_fail(api04.post("tickets/delete", {"client_id": int(ticket["ticket_client_id"]), "ticket_id": tid}))


def test_ticket_rows_lack_sla_columns(api04):
    """26.04 §4.9: ticket rows lack the SLA/due columns of 26.08.2; by-id lacks ticket_status_pauses_sla."""
    tid = api04.create("tickets/create", {"client_id": 1, "ticket_subject": uniq("cols")})
    listed = api04.find("tickets/read", "ticket_id", tid)
    assert not (SLA_COLUMNS & set(listed))
    assert TICKET_COLUMNS_2608 - SLA_COLUMNS - {"ticket_sla_id", "ticket_due_at"} <= set(listed)
    by_id = api04.one("tickets/read", {"ticket_id": tid})
    assert "ticket_status_pauses_sla" not in by_id and by_id["ticket_status_name"] == "New"
    assert by_id["ticket_details"] == "< blank ><br>"


# ---------------------------------------------------------------------------------------------
# §4.11 credentials, §4.12 documents, §4.13 assets


def test_credentials_decrypt_password_only_in_query(api04):
    """26.04 §4.11 read: the decrypt password must be in the query string; in a GET body it is ignored ("No resource")."""
    cr = api04.create("credentials/create", {"client_id": 1, "api_key_decrypt_password": api04.dp(),
                                             "credential_name": uniq("c"), "credential_username": "administrator",
                                             "credential_password": "S3cret!"})
    row = cred_rows(api04, {"credential_id": cr})[0]
    assert (row["credential_username"], row["credential_password"]) == ("administrator", "S3cret!")
    assert_no_resource(api04.get("credentials/read", {"credential_id": cr}, body={"api_key_decrypt_password": api04.dp()}))
    wrong = api04.rows("credentials/read", {"credential_id": cr, "api_key_decrypt_password": "Q" * 32})
    assert wrong[0]["credential_username"] is False and wrong[0]["credential_password"] is False


def test_credentials_wrong_password_creation_and_update_rules(api04):
    """26.04 §4.11: made with a wrong decrypt password → false with the right one, clear with any wrong one;
    update without the decrypt password fails; secrets always change."""
    cr = api04.create("credentials/create", {"client_id": 1, "api_key_decrypt_password": "W" * 32,
                                             "credential_name": uniq(), "credential_username": "bob",
                                             "credential_password": "hunter2"})
    right = cred_rows(api04, {"credential_id": cr})[0]
    assert right["credential_username"] is False and right["credential_password"] is False
    other = api04.rows("credentials/read", {"credential_id": cr, "api_key_decrypt_password": "V" * 32})[0]
    assert (other["credential_username"], other["credential_password"]) == ("bob", "hunter2")
    good = api04.create("credentials/create", {"client_id": 1, "api_key_decrypt_password": api04.dp(),
                                               "credential_name": uniq(), "credential_password": "pw"})
    assert_update_fail(api04.post("credentials/update", {"client_id": 1, "credential_id": good, "credential_note": "n"}))
    upd = {"client_id": 1, "credential_id": good, "api_key_decrypt_password": api04.dp()}
    assert_write_ok(api04.post("credentials/update", dict(upd, credential_password="pw")))
    assert_write_ok(api04.post("credentials/update", dict(upd, credential_note="n")))
    assert_update_fail(api04.post("credentials/update", dict(upd, credential_note="n")))
    acme = cred_rows(api04, {"credential_id": good}, key="restricted")
    assert acme[0]["credential_password"] == "pw"


def test_credentials_no_length_check_500(api04):
    """26.04 §4.11: no "too long to store" answer: a 128-character password (127 works) or a 201-character name → empty 500."""
    base = {"client_id": 1, "api_key_decrypt_password": api04.dp()}
    api04.create("credentials/create", dict(base, credential_name=uniq(), credential_password="p" * 127))
    assert_empty(api04.post("credentials/create", dict(base, credential_name=uniq(), credential_password="p" * 128)), 500)
    assert_empty(api04.post("credentials/create", dict(base, credential_name="n" * 201, credential_password="p")), 500)
    assert_empty(api04.post("credentials/create", dict(base, credential_name=uniq(), credential_password="p" * 351)), 500)


def test_credentials_delete(api04):
    """26.04 §4.11 delete: id + client, no decrypt password → True count 1; repeat or other client's key → failure."""
    cr = api04.create("credentials/create", {"client_id": 1, "api_key_decrypt_password": api04.dp(),
                                             "credential_name": uniq(), "credential_password": "p"})
    assert_delete_fail(api04.post("credentials/delete", {"client_id": 1, "credential_id": cr}, key="client2"))
    assert_write_ok(api04.post("credentials/delete", {"client_id": 1, "credential_id": cr}))
    assert cred_rows(api04, {"credential_id": cr}) == []
    assert_delete_fail(api04.post("credentials/delete", {"client_id": 1, "credential_id": cr}))


def test_document_delete_keeps_versions(api04, sim2604):
    """26.04 §4.12: document update always True (escaping grows); delete → True, versions kept; repeat/other client → failure."""
    did = api04.create("documents/create", {"client_id": 1, "document_name": uniq("d"), "document_content": "<p>It's</p>"})
    assert_write_ok(api04.post("documents/update", {"client_id": 1, "document_id": did}))
    assert_write_ok(api04.post("documents/update", {"client_id": 1, "document_id": did}))
    assert api04.one("documents/read", {"document_id": did})["document_content"] == "<p>It" + "\\" * 7 + "'s</p>"
    versions = len(table_rows(sim2604, "document_versions", document_version_document_id=did))
    assert versions == 2
    assert_delete_fail(api04.post("documents/delete", {"client_id": 1, "document_id": did}, key="client2"))
    assert_write_ok(api04.post("documents/delete", {"client_id": 1, "document_id": did}))
    assert_no_resource(api04.get("documents/read", {"document_id": did}))
    assert len(table_rows(sim2604, "document_versions", document_version_document_id=did)) == versions
    assert_delete_fail(api04.post("documents/delete", {"client_id": 1, "document_id": did}))


def test_assets_update_nonexistent_is_500_and_wipe_retested(api04):
    """26.04 §4.13: assets/update with a nonexistent id → empty 500; partial update still wipes IP/MAC; delete answers failure."""
    assert_empty(api04.post("assets/update", {"client_id": 1, "asset_id": 99999999, "asset_notes": "x"}), 500)
    aid = api04.create("assets/create", {"client_id": 1, "asset_name": uniq("a"), "asset_ip": "10.0.0.5",
                                         "asset_mac": "AA:BB:CC:DD:EE:41"})
    assert api04.find("assets/read", "asset_id", aid)["interface_ip"] == "10.0.0.5"
    assert_write_ok(api04.post("assets/update", {"client_id": 1, "asset_id": aid, "asset_notes": "rack B"}))
    row = api04.find("assets/read", "asset_id", aid)
    assert (row["interface_ip"], row["interface_mac"]) == ("", "")
    assert_delete_fail(api04.post("assets/delete", {"client_id": 1, "asset_id": aid}))
    assert_no_resource(api04.get("assets/read", {"asset_id": aid}))


# ---------------------------------------------------------------------------------------------
# §4.14–§4.19 invoices, quotes, payments, products, expenses, technicians


def test_invoice_delete_then_500_items_orphaned(api04, sim2604):
    """26.04 §4.14: invoice delete needs the client; on a match it deletes, then answers 500; its items stay as orphans."""
    item = sim2604.table("invoice_items")[0]
    inv_id = item["item_invoice_id"]
    inv = api04.one("invoices/read", {"invoice_id": inv_id})
    assert_delete_fail(api04.post("invoices/delete", {"invoice_id": inv_id}))
    assert_empty(api04.post("invoices/delete", {"client_id": int(inv["invoice_client_id"]), "invoice_id": inv_id}), 500)
    assert_no_resource(api04.get("invoices/read", {"invoice_id": inv_id}))
    assert table_rows(sim2604, "invoice_items", item_id=item["item_id"])
    assert_no_resource(api04.get("invoice_items/read", {"item_id": item["item_id"]}))


def test_quotes_read_by_id_needs_client_and_delete_answers_failure(api04):
    """26.04 §2.3/§4.16: quote by id needs client_id (all-clients key); delete deletes but answers failure, repeat too."""
    quote = [q for q in api04.rows("quotes/read", {"limit": 1000000}) if q["quote_client_id"] == "1"][0]
    qid, client = quote["quote_id"], quote["quote_client_id"]
    assert api04.one("quotes/read", {"quote_id": qid}, key="restricted")["quote_id"] == qid
    assert_no_resource(api04.get("quotes/read", {"quote_id": qid}))
    assert api04.one("quotes/read", {"quote_id": qid, "client_id": client})["quote_id"] == qid
    assert_delete_fail(api04.post("quotes/delete", {"client_id": int(client), "quote_id": qid}))
    assert_no_resource(api04.get("quotes/read", {"quote_id": qid, "client_id": client}))
    assert qid not in [r["quote_id"] for r in api04.rows("quotes/read", {"limit": 1000000})]
    assert_delete_fail(api04.post("quotes/delete", {"client_id": int(client), "quote_id": qid}))


@pytest.mark.parametrize("module", ["products", "expenses", "payments"])
def test_all_clients_only_reads_success_without_data(api04, module):
    """26.04 §2.3: products/expenses/payments: scoped key or all-clients + client_id → {"success":"True","count":1} without data."""
    assert_json(api04.get(module + "/read", key="restricted"), 200, {"success": "True", "count": 1})
    assert_json(api04.get(module + "/read", {"client_id": 1}), 200, {"success": "True", "count": 1})
    rows = api04.rows(module + "/read")
    assert rows
    for row in rows:
        assert_row_types(row)


@pytest.mark.parametrize("module", ["products", "expenses", "payments"])
def test_all_clients_only_deletes(api04, module):
    """26.04 §4.17/§4.18: delete works only with the all-clients key and no client_id; a client_id or a scoped key → failure."""
    idcol = module[:-1] + "_id"
    rid = api04.rows(module + "/read", {"limit": 1000000})[-1][idcol]
    assert_delete_fail(api04.post(module + "/delete", {idcol: rid}, key="restricted"))
    if module != "payments":
        assert_delete_fail(api04.post(module + "/delete", {idcol: rid, "client_id": 1}))
    assert_write_ok(api04.post(module + "/delete", {idcol: rid}))
    assert rid not in [r[idcol] for r in api04.rows(module + "/read", {"limit": 1000000})]


def test_payment_delete_leaves_invoice_status(api04, sim2604):
    """26.04 §4.17: deleting a payment does not recalculate the invoice's status or balance."""
    sim2604.reset()
    pay = [p for p in api04.rows("payments/read", {"limit": 1000000}) if p["payment_invoice_id"] not in (None, "0")][0]
    inv = api04.one("invoices/read", {"invoice_id": pay["payment_invoice_id"]})
    assert [p["payment_id"] for p in api04.rows("payments/read", {"payment_invoice_id": pay["payment_invoice_id"]})]
    assert_write_ok(api04.post("payments/delete", {"payment_id": pay["payment_id"]}))
    after = api04.one("invoices/read", {"invoice_id": pay["payment_invoice_id"]})
    assert (after["invoice_status"], after["invoice_amount"]) == (inv["invoice_status"], inv["invoice_amount"])


def test_technicians_time_scoped_no_permission_check(api04, sim2604):
    """26.04 §4.19: technicians/time is scoped by the key's client, filterable by client_id with the all-clients key; month=13 message."""
    sim2604.reset()
    rows = api04.rows("technicians/time", {"limit": 1000000})
    assert rows and set(rows[0]) == {"ticket_id", "ticket_number", "ticket_subject", "client_id", "company",
                                     "technician_id", "technician", "time_worked"}
    assert {r["client_id"] for r in api04.rows("technicians/time", {"limit": 1000000}, key="restricted")} <= {"1"}
    assert {r["client_id"] for r in api04.rows("technicians/time", {"limit": 1000000, "client_id": 2})} <= {"2"}
    assert_json(api04.get("technicians/time", {"month": 13}), 200, {"success": "False", "message": BAD_MONTH})


def test_writes_and_failed_keys_logged(api04, sim2604):
    """26.04 §2.2/§2.4: failed keys log API/Failed; successful writes log e.g. Vendor/Create "… via API (<key name>)" plus API/Success."""
    before = {r["log_id"] for r in sim2604.table("logs")}
    assert api04.get("vendors/read", key="nope").status_code == 401
    api04.create("vendors/create", {"vendor_name": uniq("logged")})
    new = [r for r in sim2604.table("logs") if r["log_id"] not in before]
    pairs = [(r.get("log_type"), r.get("log_action")) for r in new]
    assert ("API", "Failed") in pairs and ("Vendor", "Create") in pairs and ("API", "Success") in pairs
    create_row = [r for r in new if r.get("log_type") == "Vendor"][0]
    assert "via API" in create_row["log_description"]
