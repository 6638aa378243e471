"""What the simulator does to odd text, against ITFLOW-API.md §1.1 (measured December 2026 on 26.08.2 and
26.04, both of which run PHP's strip_tags and trim on names and notes) and MariaDB's column limits:
varchar(N) holds N characters, TEXT 65,535 bytes; a longer value is an empty HTTP 500 and nothing of that
write is stored."""

import json
import random
import shutil
import subprocess

import pytest

from sim_raw_helpers import assert_empty, table_rows, uniq

from itflow_sim.php import clean, strip_tags


# -- strip_tags itself (PHP 8.2's answers)

@pytest.mark.parametrize("text,expected", [
    ("a<b c", "a"),                             # measured: everything from an unclosed '<' goes
    ("x < y > z", "x < y > z"),                 # measured: kept
    ("<!-- c -->n", "n"),                       # measured
    ("<?php echo 1; ?>n", "n"),                 # measured
    ("&amp;", "&amp;"),                         # measured: entities are not decoded
    ("a<\u00a0b", "a"),                         # only C-locale whitespace after '<' keeps it
    ("a <\x0bb", "a <\x0bb"),
    ("<a title=\"x>y\">z", "z"),                # quotes hide '>' inside a tag
    ("<a title=\"x>y>z", ""),
    ("a<<b>>c", "ac"),                          # nested '<' ... '>' inside a tag
    ("<!DOCTYPE html>x", "x"),
    ("<!-- a", ""),
    ("<?php f(\")\") ?>z", "z"),
    ("<?xml version=\"1.0\"?>x", "x"),
    ("a\x00b", "ab"),
    ("<a<!--x-->b>c", "bc"),
])
def test_strip_tags_as_php_8(text, expected):
    assert strip_tags(text) == expected


@pytest.mark.parametrize("text,stored", [
    ("<b>Tagged</b> Co  ", "Tagged Co"),
    ("\t a\tb\r\n ", "a\tb"),                   # measured: tabs, CR, LF trimmed at both ends, kept inside
    ("a < ", "a <"),
])
def test_clean_is_strip_tags_then_trim(text, stored):
    assert clean(text) == stored


@pytest.mark.skipif(shutil.which("php") is None, reason="needs the php command-line interpreter (Debian: php-cli)")
def test_strip_tags_same_as_php():
    rnd = random.Random(2608)
    tokens = ["<", ">", "<!--", "-->", "<?", "?>", "<?xml", "<!DOCTYPE", "\"", "'", "\\", "(", ")", "-", "!", " ",
              "\t", "\x00", "a", "\u65e5", "\u00a0", "<b>", "\n", "e", "l"]
    cases = ["".join(rnd.choice(tokens) for _pick in range(rnd.randint(0, 20))) for _case in range(4000)]
    script = "echo json_encode(array_map('strip_tags', json_decode(file_get_contents('php://stdin'), true)));"
    answer = subprocess.run(["php", "-r", script], input=json.dumps(cases), capture_output=True, text=True, check=True)
    assert [(t, p) for t, p in zip(cases, json.loads(answer.stdout)) if strip_tags(t) != p] == []


# -- over HTTP, on both versions

@pytest.fixture(params=["26.08", "26.04"])
def any_api(request, api, api04):
    return api if request.param == "26.08" else api04


def _asset(api, **fields):
    body = {"client_id": 1, "asset_name": uniq("odd")}
    body.update(fields)
    return api.create("assets/create", body)


def test_unclosed_lt_cuts_the_name_and_notes(any_api):
    """§1.1: `a<b c` is stored as `a`, on names and notes alike."""
    asset_id = _asset(any_api, asset_name="odd-a<b c", asset_notes="note <unclosed forever")
    row = any_api.one("assets/read", {"asset_id": asset_id})
    assert (row["asset_name"], row["asset_notes"]) == ("odd-a", "note")


def test_lt_followed_by_space_is_kept(any_api):
    asset_id = _asset(any_api, asset_name="x < y > z", asset_notes="<!-- c -->n")
    row = any_api.one("assets/read", {"asset_id": asset_id})
    assert (row["asset_name"], row["asset_notes"]) == ("x < y > z", "n")


def test_name_of_tags_only_is_the_create_failure(any_api):
    resp = any_api.post("assets/create", {"client_id": 1, "asset_name": "<b></b>"})
    assert resp.status_code == 200 and resp.json()["success"] == "False"


def test_text_column_holds_65535_bytes(any_api):
    """§1.1: 21,845 x "日" fits a TEXT column, 21,846 does not (an empty 500)."""
    asset_id = _asset(any_api, asset_notes="\u65e5" * 21845)
    assert any_api.one("assets/read", {"asset_id": asset_id})["asset_notes"] == "\u65e5" * 21845
    name = uniq("odd")
    assert_empty(any_api.post("assets/create", {"client_id": 1, "asset_name": name, "asset_notes": "\u65e5" * 21846}), 500)
    assert table_rows(any_api.sim, "assets", asset_name=name) == []


@pytest.mark.parametrize("notes", ["x" * 102400, "\u65e5" * 30000])
def test_too_long_notes_crash_the_update_and_store_nothing(any_api, notes):
    """§1.1: an update over a TEXT column is an empty 500, and not even its other fields (an IP) are applied."""
    asset_id = _asset(any_api, asset_ip="10.9.9.1", asset_notes="before")
    resp = any_api.post("assets/update", {"client_id": 1, "asset_id": asset_id, "asset_ip": "10.9.9.2",
                                          "asset_notes": notes, "asset_make": "Changed"})
    assert_empty(resp, 500)
    row = table_rows(any_api.sim, "assets", asset_id=asset_id)[0]
    assert (row["asset_notes"], row["asset_make"]) == ("before", "")
    assert table_rows(any_api.sim, "asset_interfaces", interface_asset_id=asset_id)[0]["interface_ip"] == "10.9.9.1"
    assert table_rows(any_api.sim, "asset_history", asset_history_asset_id=asset_id) == []


def test_varchar_counts_characters(any_api):
    """§1.1: names are varchar(200) in characters: 200 x "日" fits, 201 ASCII does not."""
    asset_id = _asset(any_api, asset_name="\u65e5" * 200)
    assert any_api.one("assets/read", {"asset_id": asset_id})["asset_name"] == "\u65e5" * 200
    assert_empty(any_api.post("assets/create", {"client_id": 1, "asset_name": "a" * 201}), 500)


def test_client_and_contact_notes_limits(any_api):
    assert_empty(any_api.post("clients/create", {"client_name": uniq("odd"), "client_notes": "\u65e5" * 21846}), 500)
    email = uniq("odd") + "@example.com"
    assert_empty(any_api.post("contacts/create", {"client_id": 1, "contact_name": "Odd", "contact_email": email,
                                                  "contact_notes": "x" * 65536}), 500)
    assert table_rows(any_api.sim, "contacts", contact_email=email) == []


def test_mediumtext_and_longtext_columns_hold_more(apifull):
    """certificate notes are MEDIUMTEXT and document content LONGTEXT in db.sql: 100 KB fits both."""
    cert = apifull.create("certificates/create", {"client_id": 1, "certificate_name": uniq("odd"),
                                                  "certificate_domain": "odd.example", "certificate_notes": "n" * 102400})
    assert len(apifull.one("certificates/read", {"certificate_id": cert})["certificate_notes"]) == 102400
    doc = apifull.create("documents/create", {"client_id": 1, "document_name": uniq("odd"), "document_content": "c" * 102400})
    assert len(apifull.one("documents/read", {"document_id": doc})["document_content"]) == 102400
