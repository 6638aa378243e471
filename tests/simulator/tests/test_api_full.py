"""The simulator's ``full`` profile: 26.04 with its crashing create/update endpoints working.

Everything that is not one of those endpoints must behave exactly as ITFLOW-API-26.04.md says.
"""

import pytest

from sim_raw_helpers import (
    assert_delete_fail, assert_empty, assert_html_404, assert_insert_fail, assert_json, assert_no_resource,
    assert_row_types, assert_write_ok, body_json, uniq,
)


def check_create(api, module, body, id_col, name_col):
    new_id = api.create(module + "/create", body)  # checks {"success":"True","count":"1","data":[{"insert_id":int}]}
    row = api.find(module + "/read", id_col, new_id)
    assert row is not None, (module, new_id)
    assert row[name_col] == body[name_col]
    assert_row_types(row)
    return new_id, row


def test_domains_create_update_work(apifull):
    """full (26.04 §4.5 fixed): domains/create and update succeed with the 26.04 envelopes."""
    did, row = check_create(apifull, "domains", {"client_id": 1, "domain_name": uniq("full") + ".example",
                                                 "domain_expire": "2030-01-01"}, "domain_id", "domain_name")
    assert row["domain_client_id"] == "1" and row["domain_expire"] == "2030-01-01"
    assert_write_ok(apifull.post("domains/update", {"client_id": 1, "domain_id": did, "domain_notes": "updated"}))
    assert apifull.one("domains/read", {"domain_id": did})["domain_notes"] == "updated"
    assert_write_ok(apifull.post("domains/delete", {"client_id": 1, "domain_id": did}))


def test_networks_create_update_work(apifull):
    """full (26.04 §4.6 fixed): networks/create and update succeed with the 26.04 envelopes."""
    nid, row = check_create(apifull, "networks", {"client_id": 2, "network_name": uniq("net"), "network": "10.66.0.0/24",
                                                  "network_gateway": "10.66.0.1"}, "network_id", "network_name")
    assert row["network_client_id"] == "2"
    assert_write_ok(apifull.post("networks/update", {"client_id": 2, "network_id": nid, "network_notes": "n"}))
    assert apifull.one("networks/read", {"network_id": nid})["network_notes"] == "n"


def test_software_create_without_expiry_and_ui_record_update(apifull):
    """full (26.04 §4.7 fixed): software/create without software_expire works; a UI record with a text type updates partially."""
    sid, row = check_create(apifull, "software", {"client_id": 1, "software_name": uniq("sw")}, "software_id", "software_name")
    assert row["software_expire"] is None
    ui = [r for r in apifull.rows("software/read", {"limit": 1000000})
          if r["software_type"] and not r["software_type"].isdigit()][0]
    assert_write_ok(apifull.post("software/update", {"client_id": int(ui["software_client_id"]),
                                                     "software_id": ui["software_id"], "software_notes": uniq("n")}))
    assert apifull.one("software/read", {"software_id": ui["software_id"]})["software_type"] == ui["software_type"]


@pytest.mark.parametrize("module,body,name_col", [
    ("products", {"product_name": "Widget", "product_price": 12.5}, "product_name"),
    ("expenses", {"expense_description": "Taxi", "expense_amount": 23.4, "expense_date": "2026-01-02"},
     "expense_description"),
])
def test_all_clients_module_creates_work(apifull, module, body, name_col):
    """full (26.04 §4.18 fixed): products and expenses create/update with the all-clients key and no client_id."""
    body = dict(body, **{name_col: uniq(body[name_col])})
    idcol = module[:-1] + "_id"
    new_id, _unused = check_create(apifull, module, body, idcol, name_col)
    assert_write_ok(apifull.post(module + "/update", {idcol: new_id, name_col: body[name_col] + "-2"}))
    assert apifull.find(module + "/read", idcol, new_id)[name_col] == body[name_col] + "-2"


def test_certificate_update_traps_as_2604(apifull):
    """full = 26.04 §4.8: certificates/update is not a crashing endpoint, so its NULL-expiry 500 stays as in 26.04."""
    cid = apifull.create("certificates/create", {"client_id": 1, "certificate_name": uniq("c"), "certificate_domain": "f.example"})
    assert_empty(apifull.post("certificates/update", {"client_id": 1, "certificate_id": cid, "certificate_notes": "x"}), 500)
    assert_write_ok(apifull.post("certificates/update", {"client_id": 1, "certificate_id": cid, "certificate_notes": "x",
                                                         "certificate_expire": "2030-01-01"}))


def test_invoice_and_quote_creates_work(apifull):
    """full (26.04 §4.14/§4.16 fixed): invoices and quotes create/update for a client; quote by id still needs client_id."""
    inv_id = apifull.create("invoices/create", {"client_id": 2, "invoice_scope": uniq("scope")})
    inv = apifull.one("invoices/read", {"invoice_id": inv_id})
    assert inv["invoice_client_id"] == "2" and inv["invoice_status"] == "Draft"
    assert_row_types(inv)
    assert_write_ok(apifull.post("invoices/update", {"client_id": 2, "invoice_id": inv_id, "invoice_note": "n"}))
    qid = apifull.create("quotes/create", {"client_id": 1, "quote_scope": uniq("q")})
    assert_no_resource(apifull.get("quotes/read", {"quote_id": qid}))
    assert apifull.one("quotes/read", {"quote_id": qid, "client_id": 1})["quote_client_id"] == "1"
    assert_write_ok(apifull.post("quotes/update", {"client_id": 1, "quote_id": qid, "quote_note": "n"}))


def test_payment_create_works_all_clients_only(apifull):
    """full (26.04 §4.17 fixed): payments/create works with the all-clients key and no client_id; a client_id is a failure."""
    inv = apifull.rows("invoices/read")[0]
    pid = apifull.create("payments/create", {"payment_invoice_id": int(inv["invoice_id"]), "payment_amount": 5,
                                             "payment_method": "Cash"})
    assert apifull.one("payments/read", {"payment_id": pid})["payment_amount"] == "5.00"
    assert_insert_fail(apifull.post("payments/create", {"client_id": 1, "payment_invoice_id": int(inv["invoice_id"]),
                                                        "payment_amount": 5}))


def test_everything_else_as_2604(apifull):
    """full = 26.04 elsewhere: ticket_replies 404, client_id read filter, credentials decrypt password in query, clients/delete never, no 403."""
    assert_html_404(apifull.get("ticket_replies/read", {"ticket_id": 1}))
    assert [r["client_name"] for r in apifull.rows("clients/read", {"client_id": 2})] == ["Globex Inc"]
    assert {r["vendor_client_id"] for r in apifull.rows("vendors/read", {"client_id": 0, "limit": 1000000})} == {"0"}
    cr = apifull.create("credentials/create", {"client_id": 1, "api_key_decrypt_password": apifull.dp(),
                                               "credential_name": uniq(), "credential_password": "pw"})
    assert apifull.rows("credentials/read", {"credential_id": cr, "api_key_decrypt_password": apifull.dp()})[0][
        "credential_password"] == "pw"
    assert_no_resource(apifull.get("credentials/read", {"credential_id": cr},
                                   body={"api_key_decrypt_password": apifull.dp()}))
    assert_delete_fail(apifull.post("clients/delete", {"client_id": 2}))
    assert_insert_fail(apifull.post("clients/create", {"client_name": uniq()}, key="restricted"))
    assert_json(apifull.get("products/read", key="restricted"), 200, {"success": "True", "count": 1})


def test_contacts_update_blanking_as_2604(apifull):
    """full = 26.04 §4.2: contacts/update with the wrong client blanks and re-homes the contact."""
    cid = apifull.create("contacts/create", {"client_id": 2, "contact_name": "Full Person", "contact_email": uniq() + "@x.io"})
    assert_write_ok(apifull.post("contacts/update", {"contact_id": cid, "contact_notes": "acme"}, key="restricted"))
    row = apifull.one("contacts/read", {"contact_id": cid})
    assert (row["contact_client_id"], row["contact_name"], row["contact_email"]) == ("1", "", "")


def test_asset_quirks_as_2604(apifull):
    """full = 26.04 §4.13: nonexistent asset update → 500; partial update wipes the interface IP; delete answers failure."""
    assert_empty(apifull.post("assets/update", {"client_id": 1, "asset_id": 99999999, "asset_notes": "x"}), 500)
    aid = apifull.create("assets/create", {"client_id": 1, "asset_name": uniq(), "asset_ip": "10.8.8.8"})
    assert_write_ok(apifull.post("assets/update", {"client_id": 1, "asset_id": aid, "asset_notes": "n"}))
    assert apifull.find("assets/read", "asset_id", aid)["interface_ip"] == ""
    assert_delete_fail(apifull.post("assets/delete", {"client_id": 1, "asset_id": aid}))


def test_scoped_writes_and_apostrophe_delete_as_2604(apifull):
    """full = 26.04 §2.4/§3: scoped creates land in the key's client; deleting an apostrophe name deletes then 500s."""
    vid = apifull.create("vendors/create", {"client_id": 2, "vendor_name": "Ann's " + uniq()}, key="restricted")
    assert apifull.find("vendors/read", "vendor_id", vid)["vendor_client_id"] == "1"
    assert_empty(apifull.post("vendors/delete", {"vendor_id": vid}, key="restricted"), 500)
    assert apifull.find("vendors/read", "vendor_id", vid) is None
    resp = apifull.get("assets/read", {"limit": -1})
    assert_empty(resp, 500)
    assert body_json(apifull.get("assets/read"))["success"] == "True"
