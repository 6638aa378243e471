# -*- coding: utf-8 -*-
"""The inventory plugin's logic without Ansible's inventory: options, typing, selection, names, credentials."""
from __future__ import absolute_import, division, print_function

import pytest
import yaml

from ansible_collections.itflow.itflow.plugins.inventory import itflow as plugin
from ansible_collections.itflow.itflow.plugins.module_utils._typing import typed_row
from ansible_collections.itflow.itflow.plugins.plugin_utils import _inventory as inv

DEFAULTS = {
    "clients": [], "exclude_clients": [], "asset_types": [], "statuses": [], "include_archived": False,
    "hostnames": ["name"], "ansible_host_from": ["ip", "uri", "name"], "duplicate_suffix": "client",
    "group_by": [], "group_prefixes": {}, "credentials": False, "filter": None, "hostvars_prefix": "itflow_",
}


def settings(**kwargs):
    options = dict(DEFAULTS, **kwargs)
    return inv.settings_from_options(options.get)


def asset(aid, name, client="1", **kwargs):
    row = {"asset_id": str(aid), "asset_name": name, "asset_type": "Server", "asset_status": "Deployed",
           "asset_client_id": str(client), "asset_archived_at": None, "asset_uri": None, "asset_serial": None,
           "interface_ip": None, "interface_network_id": None, "asset_location_id": "0", "asset_vendor_id": "0",
           "asset_contact_id": "0"}
    row.update(kwargs)
    return row


CLIENTS = [
    {"client_id": "1", "client_name": "Acme Corp", "client_abbreviation": "ACME", "client_archived_at": None},
    {"client_id": "2", "client_name": "Globex Inc", "client_abbreviation": "GLOBEX", "client_archived_at": None},
    {"client_id": "3", "client_name": "Old Co", "client_abbreviation": None, "client_archived_at": "2025-01-01 10:00:00"},
]


def raw(assets, **kwargs):
    data = dict((r, []) for r in inv.RESOURCE_ORDER)
    data.update(clients=CLIENTS, assets=assets)
    data.update(kwargs)
    return data


# ---------------------------------------------------------------------------------------- options

@pytest.mark.parametrize("options, message", [
    ({"hostnames": ["name", "fqdn"]}, "hostnames: 'fqdn' is not one of"),
    ({"hostnames": ["name", "name"]}, "hostnames lists an entry twice"),
    ({"group_by": ["tenant"]}, "group_by: 'tenant' is not one of"),
    ({"ansible_host_from": ["serial"]}, "ansible_host_from: 'serial' is not one of"),
    ({"hostvars_prefix": "1x"}, "hostvars_prefix '1x' would make invalid variable names"),
    ({"hostvars_prefix": "it-flow"}, "hostvars_prefix 'it-flow'"),
    ({"group_prefixes": {"tenant": "t_"}}, "group_prefixes: 'tenant' is not a group_by key"),
    ({"group_prefixes": ["client"]}, "group_prefixes must be a mapping"),
    ({"duplicate_suffix": "uuid"}, "duplicate_suffix must be one of client, id"),
    ({"clients": ["Acme Corp"], "exclude_clients": ["Acme Corp"]}, "clients and exclude_clients both name Acme Corp"),
    ({"clients": "Acme"}, None),
    ({"clients": {"a": 1}}, "clients must be a list"),
    ({"clients": [{"a": 1}]}, "clients must be a list of names or ids"),
])
def test_option_errors(options, message):
    if message is None:
        assert settings(**options)["clients"] == ["Acme"]
        return
    with pytest.raises(inv.OptionError) as err:
        settings(**options)
    assert message in str(err.value)


def test_option_defaults_and_prefixes():
    s = settings(group_by=["client", "type"], group_prefixes={"client": "customer_", "type": None}, asset_types=["SERVER"])
    assert s["group_prefixes"]["client"] == "customer_"
    assert s["group_prefixes"]["type"] == ""
    assert s["group_prefixes"]["os"] == "os_"
    assert s["asset_types"] == ["server"]
    assert settings(hostnames=[])["hostnames"] == ["name"]
    assert settings(hostvars_prefix="")["hostvars_prefix"] == ""


# ---------------------------------------------------------------------------------------- what is read and joined

def test_reads_and_joins_come_from_the_resource_definitions():
    """The asset's client and the records its reference fields point at, as the documented variables name them."""
    assert inv.RESOURCE_ORDER == ("assets", "clients", "locations", "vendors", "contacts", "networks")
    assert [tuple(join) for join in inv.JOINED] == [
        ("client", "clients", "client_id", "client_name", "asset_client_id"),
        ("location", "locations", "location_id", "location_name", "asset_location_id"),
        ("vendor", "vendors", "vendor_id", "vendor_name", "asset_vendor_id"),
        ("contact", "contacts", "contact_id", "contact_name", "asset_contact_id"),
        ("network", "networks", "network_id", "network_name", "interface_network_id"),
    ]
    assert set(inv.GROUP_BY_KEYS) - set(j.key for j in inv.JOINED) == {"type", "status", "os", "make", "model"}
    assert [inv._group_column(k) for k in ("type", "status", "os", "make", "model")] == [
        "asset_type", "asset_status", "asset_os", "asset_make", "asset_model"]
    assert inv.id_var({"hostvars_prefix": "x_"}) == "x_asset_id"


def test_documented_choices_are_the_ones_checked():
    options = yaml.safe_load(plugin.DOCUMENTATION)["options"]
    assert tuple(options["hostnames"]["choices"]) == inv.HOSTNAME_SOURCES
    assert tuple(options["ansible_host_from"]["choices"]) == inv.ADDRESS_SOURCES
    assert tuple(options["group_by"]["choices"]) == inv.GROUP_BY_KEYS
    assert tuple(options["duplicate_suffix"]["choices"]) == inv.DUPLICATE_SUFFIXES


def test_every_name_source_reads_its_column():
    row = asset(7, "N", asset_uri="https://u.example.com/", asset_uri_2="u2.example.com", interface_ip="10.0.0.7/24",
                interface_nat_ip="192.0.2.7", interface_ipv6="2001:db8::7/64", interface_mac=" aa:bb:cc:dd:ee:ff ",
                asset_serial="SN7")
    got = dict((source, inv.first_of(row, [source])) for source in inv.HOSTNAME_SOURCES)
    assert got == {"name": "N", "uri": "u.example.com", "uri_2": "u2.example.com", "ip": "10.0.0.7", "nat_ip": "192.0.2.7",
                   "ipv6": "2001:db8::7", "mac": "aa:bb:cc:dd:ee:ff", "serial": "SN7", "id": "asset-7"}


# ---------------------------------------------------------------------------------------- typing

def test_row_typer_is_typed_row_with_a_prefix():
    rows = [
        {"asset_id": "12", "asset_name": "A", "asset_favorite": "0", "interface_primary": "1", "asset_purchase_date": "2024-01-15",
         "asset_warranty_expire": "0000-00-00", "asset_created_at": "2024-01-15 10:00:00", "asset_archived_at": None,
         "asset_vendor_id": "", "asset_notes": "", "asset_uri_client": "1", "client_rate": "100.50", "asset_install_date": "soon",
         "interface_network_id": "x7", "asset_serial": False, "client_net_terms": " 30 "},
        {"asset_id": "abc", "client_rate": "n/a", "asset_favorite": "", "asset_created_at": ""},
    ]
    typer = inv.RowTyper("itflow_")
    for row in rows:
        expected = dict(("itflow_" + k, v) for k, v in typed_row(row).items())
        assert typer(row) == expected
        assert [type(v) for v in typer(row).values()] == [type(v) for v in expected.values()]


# ---------------------------------------------------------------------------------------- selection

def test_selection_archived_types_statuses_and_clients():
    assets = [
        asset(5, "A5", asset_type="server"),
        asset(1, "A1"),
        asset(2, "A2", asset_archived_at="2025-02-02 00:00:00"),
        asset(3, "A3", client="3"),
        asset(4, "A4", client="2", asset_type="Workstation", asset_status="In Repair"),
        asset(6, "A6", client="999"),
    ]
    warnings = []

    def ids(**kw):
        return [r["asset_id"] for r in inv.select_assets(raw(assets), settings(**kw), warnings.append)]

    assert ids() == ["1", "4", "5", "6"]
    assert ids(include_archived=True) == ["1", "2", "3", "4", "5", "6"]
    assert ids(asset_types=["SERVER"]) == ["1", "5", "6"]
    assert ids(statuses=["in repair"]) == ["4"]
    assert ids(clients=["acme corp", "2"]) == ["1", "4", "5"]
    assert ids(exclude_clients=["Acme Corp"]) == ["4", "6"]
    assert warnings == []
    assert ids(clients=["Nobody"]) == []
    assert warnings == ["itflow inventory: clients entry 'Nobody' matches no client this API key can see."]


# ---------------------------------------------------------------------------------------- names

def names(assets, **kw):
    return [h[0] for h in inv.build_hosts(raw(assets), settings(**kw), lambda m: None)]


def test_duplicates_rule_lowest_id_keeps_the_name():
    assets = [asset(9, "SRV", client="2"), asset(3, "SRV", client="1"), asset(4, "SRV", client="1"), asset(5, "SRV", client="1"),
              asset(7, "SRV", client="3"), asset(8, "SRV_ACME", client="2")]
    got = names(assets, include_archived=True)
    # asset order: 3 4 5 7 8 9; 8 keeps its own name, so 4 cannot take SRV_ACME
    assert got == ["SRV", "SRV_4", "SRV_5", "SRV_7", "SRV_ACME", "SRV_GLOBEX"]
    assert names(assets, include_archived=True, duplicate_suffix="id") == ["SRV", "SRV_4", "SRV_5", "SRV_7", "SRV_ACME", "SRV_9"]
    # the input order does not matter
    assert names(list(reversed(assets)), include_archived=True) == got


def test_duplicates_rule_last_resort():
    assets = [asset(1, "X"), asset(2, "X", client="3"), asset(3, "X_2")]
    assert names(assets, include_archived=True) == ["X", "X_2_2", "X_2"]


def test_hostname_preferences_and_fallback():
    assets = [asset(1, "A", asset_uri="https://a.example.com:8443/x", interface_ip="10.0.0.1/24"),
              asset(2, "B", interface_ip="", asset_serial="SN2"),
              asset(3, " ", asset_uri="not a uri")]
    assert names(assets, hostnames=["uri", "ip", "serial"]) == ["a.example.com", "SN2", "asset-3"]
    assert names(assets, hostnames=["ip", "name"]) == ["10.0.0.1", "B", "asset-3"]
    assert names(assets, hostnames=["id"]) == ["asset-1", "asset-2", "asset-3"]


@pytest.mark.parametrize("uri, host", [
    ("https://srv01.example.com:8443/admin", "srv01.example.com"), ("srv01.example.com/x", "srv01.example.com"),
    ("rdp://10.0.0.5", "10.0.0.5"), ("", None), (None, None), ("http://[fe80::1]:80/", "fe80::1"), ("a b", None),
])
def test_uri_host(uri, host):
    assert inv.uri_host(uri) == host


# ---------------------------------------------------------------------------------------- vars and groups

def test_vars_joined_names_address_and_groups():
    data = raw([asset(1, "A", asset_location_id="4", asset_vendor_id="6", asset_contact_id="0", interface_network_id="8",
                      interface_ip="10.1.1.1", asset_os=" Windows ")],
               locations=[{"location_id": "4", "location_name": "HQ"}], vendors=[{"vendor_id": "6", "vendor_name": "Dell"}],
               networks=[{"network_id": "8", "network_name": "LAN"}])
    s = settings(group_by=["client", "type", "os", "vendor", "network", "location", "make"])
    (name, hostvars, groups), = inv.build_hosts(data, s, lambda m: None)
    assert name == "A"
    assert hostvars["itflow_asset_id"] == 1 and hostvars["itflow_asset_location_id"] == 4
    assert hostvars["itflow_client_name"] == "Acme Corp"
    assert hostvars["itflow_location_name"] == "HQ" and hostvars["itflow_vendor_name"] == "Dell"
    assert hostvars["itflow_contact_name"] is None and hostvars["itflow_network_name"] == "LAN"
    assert hostvars["ansible_host"] == "10.1.1.1"
    assert groups == [("client", "Acme Corp"), ("type", "Server"), ("os", "Windows"), ("vendor", "Dell"), ("network", "LAN"),
                      ("location", "HQ")]


def test_ansible_host_preference_and_none():
    data = raw([asset(1, "A", asset_uri="https://a.example.com")])
    assert inv.build_hosts(data, settings(), lambda m: None)[0][1]["ansible_host"] == "a.example.com"
    assert "ansible_host" not in inv.build_hosts(data, settings(ansible_host_from=["ip"]), lambda m: None)[0][1]
    assert "ansible_host" not in inv.build_hosts(data, settings(ansible_host_from=[]), lambda m: None)[0][1]


def test_filter_runs_before_naming():
    data = raw([asset(1, "SRV", asset_status="Retired"), asset(2, "SRV")])
    hosts = inv.build_hosts(data, settings(), lambda m: None, keep=lambda v: v["itflow_asset_status"] != "Retired")
    assert [h[0] for h in hosts] == ["SRV"]
    assert hosts[0][1]["itflow_asset_id"] == 2


# ---------------------------------------------------------------------------------------- credentials, cache

def test_credentials_by_asset():
    rows = [
        {"credential_id": "7", "credential_asset_id": "1", "credential_username": "late", "credential_password": "p7", "credential_archived_at": None},
        {"credential_id": "3", "credential_asset_id": "1", "credential_username": "admin", "credential_password": "p3", "credential_archived_at": None},
        {"credential_id": "2", "credential_asset_id": "1", "credential_username": "old", "credential_password": "p2",
         "credential_archived_at": "2025-01-01 00:00:00"},
        {"credential_id": "4", "credential_asset_id": "2", "credential_username": False, "credential_password": "p4", "credential_archived_at": None},
        {"credential_id": "5", "credential_asset_id": "0", "credential_username": "global", "credential_password": "x", "credential_archived_at": None},
        {"credential_id": "6", "credential_asset_id": "3", "credential_username": False, "credential_password": False, "credential_archived_at": None},
    ]
    creds, failed, linked = inv.credentials_by_asset(rows)
    assert creds == {"1": ("admin", "p3"), "2": (None, "p4"), "3": (None, None)}
    assert (failed, linked) == (1, 4)
    assert inv.credentials_by_asset(rows, include_archived=True)[0]["1"] == ("old", "p2")


def test_cache_key_hashes_the_api_key():
    key = inv.cache_key("https://itflow.example.com", "SECRETKEY" * 4)
    assert "SECRETKEY" not in key and key.startswith("itflow_")
    assert key == inv.cache_key("https://itflow.example.com", "SECRETKEY" * 4)
    assert key != inv.cache_key("https://itflow.example.com", "OTHER" * 4)
    assert key != inv.cache_key("https://other.example.com", "SECRETKEY" * 4)


class FakeClient(object):
    def __init__(self):
        self.requests_made = 0
        self.calls = []

    def read(self, module, decrypt=False):
        self.calls.append((module, decrypt) if decrypt else module)
        self.requests_made += 2 if module == "assets" else 1
        return [{"x": 1}] * (3 if module == "assets" else 1)


def test_fetch_raw_reads_each_resource_once_and_reports():
    client, reports = FakeClient(), []
    data = inv.fetch_raw(client, lambda *a: reports.append(a[:3]))
    assert client.calls == list(inv.RESOURCE_ORDER)
    assert sorted(data) == sorted(inv.RESOURCE_ORDER)
    assert reports[0] == ("assets", 3, 2) and reports[1] == ("clients", 1, 1)


def test_credentials_are_read_decrypted_and_reported():
    client, reports = FakeClient(), []
    assert inv.fetch_credentials(client, lambda *a: reports.append(a[:3])) == [{"x": 1}]
    assert client.calls == [("credentials", True)] and reports == [("credentials", 1, 1)]
