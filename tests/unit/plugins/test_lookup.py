# -*- coding: utf-8 -*-
"""The itflow.itflow.itflow lookup against a scripted client: results per term, field mode, errors."""
from __future__ import absolute_import, division, print_function

import pytest
import yaml
from ansible import constants as C
from ansible.errors import AnsibleError
from ansible.utils.unsafe_proxy import AnsibleUnsafe

try:  # ansible-core 2.19+: "unsafe" is the absence of the TrustedAsTemplate tag
    from ansible._internal._datatag._tags import TrustedAsTemplate
except ImportError:  # pragma: no cover - older ansible-core
    TrustedAsTemplate = None

from ansible_collections.itflow.itflow.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.itflow.itflow.plugins.lookup import itflow as lookup_itflow
from test_info import ASSETS, CREDENTIALS, FakeClient  # pylint: disable=import-error


def is_unsafe(value):
    if TrustedAsTemplate is not None:
        return not TrustedAsTemplate.is_tagged_on(value)
    return isinstance(value, AnsibleUnsafe)


class ClosingClient(FakeClient):
    closed = False

    def close(self):
        self.closed = True


@pytest.fixture(scope="module")
def plugin():
    """The lookup with its documented options registered, as the plugin loader would do.

    (The loader itself needs a collection finder installed before anything imported
    ansible_collections, which the other unit tests already have.)
    """
    options = yaml.safe_load(ModuleDocFragment.PLUGINS)["options"]
    options.update(yaml.safe_load(lookup_itflow.DOCUMENTATION)["options"])
    instance = lookup_itflow.LookupModule()
    instance._load_name = lookup_itflow.__name__
    C.config.initialize_plugin_configuration_definitions("lookup", instance._load_name, options)
    return instance


@pytest.fixture
def server(plugin, monkeypatch):
    """The fake client the lookup gets, and the connection options it was built with."""
    client = ClosingClient({"assets/read.php": ASSETS, "credentials/read.php": CREDENTIALS})
    seen = {}

    def fake_client_from_options(get_option, log=None):
        seen.update(dict((name, get_option(name)) for name in ("url", "api_key", "decrypt_password")))
        return client

    monkeypatch.setattr(lookup_itflow, "client_from_options", fake_client_from_options)
    client.seen = seen
    return client


def test_records_of_one_term_are_one_list(plugin, server):
    result = plugin.run(["assets"], variables={}, client="Acme Corp", url="https://itflow.example", api_key="k")
    assert len(result) == 1
    assert [a["name"] for a in result[0]] == ["ACME-SRV01", "acme-ws01"]
    assert result[0][0]["id"] == 1 and result[0][0]["favorite"] is False
    assert server.closed
    assert server.seen["url"] == "https://itflow.example"


def test_one_list_per_term_and_filters_apply_to_each(plugin, server):
    result = plugin.run(["assets", "credentials"], variables={}, client=1)
    assert [len(r) for r in result] == [2, 1]
    assert result[1][0]["password"] == "********"


def test_everything_is_marked_unsafe(plugin, server):
    result = plugin.run(["assets"], variables={}, name="ACME-SRV01")
    assert is_unsafe(result[0][0]["name"])


def test_field_returns_one_revealed_secret(plugin, server):
    result = plugin.run(["credentials"], variables={}, client="Acme Corp", name="Domain admin", field="password")
    assert result == ["S3cret!"]
    assert is_unsafe(result[0])
    assert plugin.run(["credentials"], variables={}, id=1, field="credential_otp_secret") == ["JBSWY3DPEHPK3PXP"]
    assert plugin.run(["assets"], variables={}, serial="sn-3", field="interface_ip") == ["10.0.0.3"]


def test_records_reveal_secrets_on_request(plugin, server):
    result = plugin.run(["credentials"], variables={}, client=1, reveal_secrets=True)
    assert result[0][0]["password"] == "S3cret!"


@pytest.mark.parametrize("kwargs, text", [
    ({"name": "Domain admin", "field": "password"}, "2 credentials match name='Domain admin' (ids 1, 2)"),
    ({"client": "Acme Corp", "name": "nope", "field": "password"}, "No credentials match client='Acme Corp' and name='nope'"),
    ({"client": 2, "name": "Domain admin", "field": "password"}, "cannot decrypt the password of credentials 2"),
    ({"id": 1, "field": "pasword"}, "credentials have no field 'pasword'"),
    ({"serial": "x"}, "serial does not apply to credentials"),
    ({"nmae": "x"}, "unknown keyword nmae"),
])
def test_clear_one_line_errors_without_secrets(plugin, server, kwargs, text):
    with pytest.raises(AnsibleError) as err:
        plugin.run(["credentials"], variables={}, decrypt_password="D3crypt", **kwargs)
    message = str(err.value)
    assert text in message
    assert "\n" not in message and "S3cret!" not in message and "D3crypt" not in message


def test_unknown_resource_and_no_term(plugin, server):
    with pytest.raises(AnsibleError) as err:
        plugin.run(["asset"], variables={})
    assert "readable resources are: assets" in str(err.value)
    with pytest.raises(AnsibleError) as err:
        plugin.run([], variables={})
    assert str(err.value) == ("itflow.itflow.itflow lookup: name at least one resource to read, for example "
                              "lookup('itflow.itflow.itflow', 'assets').")
