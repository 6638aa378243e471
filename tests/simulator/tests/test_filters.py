"""Read filters, as the real server applies them (ITFLOW-API.md §1.5 and each module's section;
ITFLOW-API-26.04.md §2.3), on both profiles: which filters exist and in which precedence, what
columns a filtered row carries, how values compare (``=`` under the collation: case- and
accent-insensitive, trailing spaces ignored, no LIKE), empty values, limit/offset, and the
filters that are silently ignored (the whole list comes back).

These are the reads the collection's engine relies on to find one record by its natural key.
"""

import pytest

from sim_raw_helpers import NO_RESOURCE, assert_no_resource, body_json, uniq

PROFILES = ("26.08", "26.04")
ALL = {"limit": 1000000}
INTERFACE_COLUMNS = {"interface_id", "interface_name", "interface_description", "interface_type", "interface_mac",
                     "interface_ip", "interface_nat_ip", "interface_ipv6", "interface_notes", "interface_primary",
                     "interface_created_at", "interface_updated_at", "interface_archived_at", "interface_network_id",
                     "interface_asset_id"}


@pytest.fixture(params=PROFILES, scope="module")
def anyapi(request):
    return request.getfixturevalue({"26.08": "api", "26.04": "api04"}[request.param])


def ids(rows, col):
    return [int(r[col]) for r in rows]


def new_mac():
    digits = uniq("m").split("-")[1][:8]
    return "52:54:%s:%s:%s:%s" % (digits[0:2], digits[2:4], digits[4:6], digits[6:8])


def make_asset(anyapi, client_id, name, **fields):
    body = {"client_id": client_id, "asset_name": name}
    body.update(("asset_" + k, v) for k, v in fields.items())
    return anyapi.create("assets/create", body)


# --- assets ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def twins(anyapi):
    """Two assets with one name (different case), in two clients; a third with an accented name."""
    name = uniq("Twin")
    mac = new_mac().upper()
    first = make_asset(anyapi, 1, name, serial="SN-" + name, mac=mac, ip="10.9.8.7")
    second = make_asset(anyapi, 2, name.upper())
    accented = make_asset(anyapi, 1, "Café Ñame Zoë " + name)
    return {"name": name, "mac": mac, "first": first, "second": second, "accented": accented}


def test_asset_name_is_exact_case_insensitive_and_returns_duplicates_across_clients(anyapi, twins):
    rows = anyapi.rows("assets/read", {"asset_name": twins["name"].lower()})
    assert ids(rows, "asset_id") == [twins["first"], twins["second"]]
    assert {r["asset_client_id"] for r in rows} == {"1", "2"}


def test_asset_name_ignores_trailing_spaces_only(anyapi, twins):
    name = twins["name"]
    assert ids(anyapi.rows("assets/read", {"asset_name": name + "   "}), "asset_id") == [twins["first"], twins["second"]]
    for value in (" " + name, name + "\t", name[:-1], name[:-1] + "%", name[:-1] + "_"):
        assert anyapi.rows("assets/read", {"asset_name": value}) == [], value


def test_asset_name_is_accent_insensitive(anyapi, twins):
    """`Cafe` finds `Café`, `Name Zoe` finds `Ñame Zoë`: the engine has to re-check the match itself."""
    for value in ("Cafe Name Zoe " + twins["name"], "CAFÉ ÑAME ZOË " + twins["name"].lower()):
        assert ids(anyapi.rows("assets/read", {"asset_name": value}), "asset_id") == [twins["accented"]], value


def test_asset_name_and_serial_rows_have_no_interface_columns(anyapi, twins):
    by_name = anyapi.rows("assets/read", {"asset_name": twins["name"], "limit": 1})[0]
    by_serial = anyapi.one("assets/read", {"asset_serial": "sn-" + twins["name"].lower()})
    by_id = anyapi.one("assets/read", {"asset_id": twins["first"]})
    for row in (by_name, by_serial, by_id):
        assert int(row["asset_id"]) == twins["first"]
        assert not set(row) & INTERFACE_COLUMNS, sorted(set(row) & INTERFACE_COLUMNS)


def test_asset_mac_rows_carry_the_primary_interface(anyapi, twins):
    row = anyapi.one("assets/read", {"asset_mac": twins["mac"].lower()})
    assert int(row["asset_id"]) == twins["first"]
    assert INTERFACE_COLUMNS <= set(row)
    assert row["interface_mac"] == twins["mac"] and row["interface_ip"] == "10.9.8.7"
    assert row["interface_primary"] == "1" and row["interface_network_id"] == "0" and row["interface_id"]
    # The unfiltered list carries the same columns.
    listed = [r for r in anyapi.rows("assets/read", ALL) if int(r["asset_id"]) == twins["first"]]
    assert listed == [row]


def test_asset_filters_precedence(anyapi, twins):
    """asset_id > asset_type > asset_name > asset_serial > asset_mac > asset_uri > asset_uri_2; the winner
    applies even when it matches nothing."""
    assert ids(anyapi.rows("assets/read", {"asset_id": twins["first"], "asset_name": "nothing " + uniq()}), "asset_id") == [twins["first"]]
    assert anyapi.rows("assets/read", {"asset_name": "nothing " + uniq(), "asset_mac": twins["mac"]}) == []
    assert anyapi.rows("assets/read", {"asset_serial": "nothing " + uniq(), "asset_mac": twins["mac"]}) == []
    by_name = anyapi.rows("assets/read", {"asset_name": twins["name"], "asset_serial": "SN-" + twins["name"]})
    assert ids(by_name, "asset_id") == [twins["first"], twins["second"]]


def test_asset_limit_and_offset_apply_to_name_serial_and_mac_not_to_id(anyapi, twins):
    name = twins["name"]
    assert ids(anyapi.rows("assets/read", {"asset_name": name, "limit": 1}), "asset_id") == [twins["first"]]
    assert ids(anyapi.rows("assets/read", {"asset_name": name, "limit": 1, "offset": 1}), "asset_id") == [twins["second"]]
    assert anyapi.rows("assets/read", {"asset_name": name, "offset": 2}) == []
    assert_no_resource(anyapi.get("assets/read", {"asset_name": name, "limit": 0}))
    assert anyapi.rows("assets/read", {"asset_mac": twins["mac"], "offset": 1}) == []
    assert anyapi.rows("assets/read", {"asset_serial": "SN-" + name, "offset": 1}) == []
    # By id: no LIMIT at all.
    assert ids(anyapi.rows("assets/read", {"asset_id": twins["first"], "limit": 0}), "asset_id") == [twins["first"]]
    assert ids(anyapi.rows("assets/read", {"asset_id": twins["first"], "offset": 5}), "asset_id") == [twins["first"]]


def test_empty_serial_and_mac_are_real_filters(anyapi, twins):
    """asset_serial= finds the assets that have no serial; asset_mac= those whose interface has no MAC."""
    no_serial = anyapi.rows("assets/read", dict(ALL, asset_serial=""))
    assert twins["second"] in ids(no_serial, "asset_id") and twins["first"] not in ids(no_serial, "asset_id")
    assert {r["asset_serial"] for r in no_serial} == {""}
    no_mac = anyapi.rows("assets/read", dict(ALL, asset_mac=""))
    assert twins["second"] in ids(no_mac, "asset_id") and twins["first"] not in ids(no_mac, "asset_id")
    assert {r["interface_mac"] for r in no_mac} == {""}


def test_unknown_asset_filters_return_the_list(anyapi, twins):
    listed = anyapi.rows("assets/read", ALL)
    assert len({r["asset_client_id"] for r in listed}) > 1
    for params in ({"asset_ip": "10.9.8.7"}, {"asset_client_id": 1}, {"asset_make": "x"}, {"name": twins["name"]}):
        assert anyapi.rows("assets/read", dict(ALL, **params)) == listed, params


def test_client_id_on_asset_reads(anyapi, twins):
    """26.08: ignored (every client); 26.04 all-clients key: a real filter."""
    rows = anyapi.rows("assets/read", dict(ALL, client_id=2))
    clients = {r["asset_client_id"] for r in rows}
    if anyapi.sim.profile == "26.08":
        assert clients >= {"1", "2"}
    else:
        assert clients == {"2"}
        assert ids(anyapi.rows("assets/read", {"client_id": 2, "asset_name": twins["name"]}), "asset_id") == [twins["second"]]


# --- clients ---------------------------------------------------------------------------------

def test_client_name_returns_every_match_whatever_limit_and_offset(anyapi):
    name = uniq("Dup Client")
    first = anyapi.create("clients/create", {"client_name": name})
    second = anyapi.create("clients/create", {"client_name": name.upper() + "  "})
    for params in ({}, {"limit": 1}, {"limit": 1, "offset": 1}, {"offset": 1000}, {"limit": 0}):
        rows = anyapi.rows("clients/read", dict(params, client_name=name.lower() + " "))
        assert ids(rows, "client_id") == [first, second], params
    assert anyapi.rows("clients/read", {"client_name": " " + name}) == []
    assert anyapi.rows("clients/read", {"client_name": name[:-1]}) == []


def test_client_name_is_accent_insensitive_and_matches_the_stored_form(anyapi):
    tag = uniq("x")
    accented = anyapi.create("clients/create", {"client_name": "Société Générale " + tag})
    assert ids(anyapi.rows("clients/read", {"client_name": "societe generale " + tag}), "client_id") == [accented]
    # Names are stored with their tags removed and trimmed: a filter finds them by the stored form.
    tagged = anyapi.create("clients/create", {"client_name": "<b>Tagged</b> Co " + tag + "  "})
    assert ids(anyapi.rows("clients/read", {"client_name": "Tagged Co " + tag}), "client_id") == [tagged]


def test_client_id_on_client_reads(anyapi):
    """26.08: no read by id (the list); 26.04 all-clients key: exactly that client."""
    listed = anyapi.rows("clients/read", ALL)
    rows = anyapi.rows("clients/read", dict(ALL, client_id=2))
    if anyapi.sim.profile == "26.08":
        assert rows == listed
    else:
        assert [r["client_name"] for r in rows] == ["Globex Inc"]


# --- contacts --------------------------------------------------------------------------------

def test_contact_email_returns_every_match_across_clients(anyapi):
    email = uniq("dup") + "@example.com"
    first = anyapi.create("contacts/create", {"client_id": 1, "contact_name": uniq("C"), "contact_email": email})
    second = anyapi.create("contacts/create", {"client_id": 2, "contact_name": uniq("C"), "contact_email": email.upper()})
    for params in ({}, {"limit": 1}, {"offset": 1}):
        rows = anyapi.rows("contacts/read", dict(params, contact_email=email + "  "))
        assert ids(rows, "contact_id") == [first, second], params
    assert anyapi.rows("contacts/read", {"contact_email": email[:-4]}) == []


def test_contact_name_is_not_a_filter(anyapi):
    name = uniq("Only Contact")
    anyapi.create("contacts/create", {"client_id": 1, "contact_name": name, "contact_email": uniq("o") + "@example.com"})
    assert anyapi.rows("contacts/read", {"contact_name": name}) == anyapi.rows("contacts/read", {})
    assert len(anyapi.rows("contacts/read", dict(ALL, contact_name=name))) > 1


# --- locations, vendors, networks ------------------------------------------------------------

def test_location_and_vendor_names_are_ignored(anyapi):
    for endpoint, param in (("locations/read", "location_name"), ("vendors/read", "vendor_name")):
        listed = anyapi.rows(endpoint, ALL)
        assert len(listed) > 1
        assert anyapi.rows(endpoint, dict(ALL, **{param: "nothing " + uniq()})) == listed, param


def test_network_name_filters(anyapi):
    listed = anyapi.rows("networks/read", ALL)
    target = listed[0]
    rows = anyapi.rows("networks/read", {"network_name": target["network_name"].upper() + " "})
    assert target in rows and {r["network_name"].lower() for r in rows} == {target["network_name"].lower()}
    assert anyapi.rows("networks/read", {"network_name": "nothing " + uniq()}) == []
    assert anyapi.one("networks/read", {"network_id": target["network_id"], "network_name": "nothing"}) == target


# --- credentials -----------------------------------------------------------------------------

def credential_rows(anyapi, params):
    """credentials/read with the decrypt password where the profile takes it (26.08: GET body; 26.04: query)."""
    if anyapi.sim.profile == "26.08":
        resp = anyapi.get("credentials/read", params, body={"api_key_decrypt_password": anyapi.dp()})
    else:
        resp = anyapi.get("credentials/read", dict(params, api_key_decrypt_password=anyapi.dp()))
    assert resp.status_code == 200, resp.content[:300]
    data = body_json(resp)
    if data == {"success": "False", "message": NO_RESOURCE}:
        return []
    return data["data"]


def test_credential_id_filters_and_credential_name_is_ignored(anyapi):
    listed = credential_rows(anyapi, ALL)
    assert len(listed) > 1
    target = listed[-1]
    assert credential_rows(anyapi, {"credential_id": target["credential_id"], "limit": 0}) == [target]
    assert credential_rows(anyapi, dict(ALL, credential_name=target["credential_name"])) == listed


def test_credential_client_id(anyapi):
    """26.04 all-clients key: client_id limits the rows (and the decryption cost) to one client; 26.08 ignores it."""
    listed = credential_rows(anyapi, ALL)
    rows = credential_rows(anyapi, dict(ALL, client_id=1))
    if anyapi.sim.profile == "26.08":
        assert rows == listed
    else:
        assert rows and {r["credential_client_id"] for r in rows} == {"1"}
        assert {r["credential_client_id"] for r in credential_rows(anyapi, dict(ALL, client_id=0))} == {"0"}
