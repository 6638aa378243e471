# -*- coding: utf-8 -*-
"""The client against scripted HTTP answers: envelope, errors, paging, retries, secrets."""
from __future__ import absolute_import, division, print_function

import json

import pytest
import requests

from ansible_collections.itflow.itflow.plugins.module_utils import _client
from ansible_collections.itflow.itflow.plugins.module_utils._errors import (
    ITFlowAuthError,
    ITFlowConnectionError,
    ITFlowEndpointMissing,
    ITFlowInputError,
    ITFlowMethodError,
    ITFlowPermissionError,
    ITFlowRejected,
    ITFlowResponseError,
    ITFlowServerError,
    ITFlowWriteFailed,
)

NO_RESOURCE = {"success": "False", "message": "No resource (for this client and company) with the specified parameter(s)."}


def response(status=200, body=None, raw=None, ctype="application/json"):
    resp = requests.Response()
    resp.status_code = status
    resp._content = raw if raw is not None else (json.dumps(body).encode() if body is not None else b"")
    resp.headers["Content-Type"] = ctype
    return resp


class Script(object):
    """Stands in for Session.request: answers from a list, records every call."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.calls = []

    def __call__(self, method, url, params=None, data=None, headers=None, timeout=None, verify=None):
        self.calls.append({"method": method, "url": url, "params": params or {}, "body": json.loads(data)})
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def make(answers, **kwargs):
    kwargs.setdefault("retry_backoff", 0)
    client = _client.ITFlowClient("https://itflow.example/", "K" * 32, **kwargs)
    script = Script(answers)
    client.session.request = script
    return client, script


def test_key_goes_in_the_body_never_the_url():
    client, script = make([response(body={"success": "True", "count": 1, "data": [{"asset_id": "1"}]})])
    client.read("assets", {"asset_name": "x"}, paged=False)
    call = script.calls[0]
    assert call["method"] == "GET"
    assert call["url"] == "https://itflow.example/api/v1/assets/read.php"
    assert call["body"] == {"api_key": "K" * 32}
    assert "api_key" not in call["params"]


def test_no_resource_is_an_empty_list():
    client, _unused = make([response(body=NO_RESOURCE)])
    assert client.read("assets") == []


def test_success_without_data_is_empty():
    client, _unused = make([response(body={"success": "True", "count": 1})])
    assert client.read("products") == []


def test_pages_until_a_short_page():
    rows = [{"asset_id": str(i)} for i in range(1, 6)]
    client, script = make([
        response(body={"success": "True", "count": 2, "data": rows[0:2]}),
        response(body={"success": "True", "count": 2, "data": rows[2:4]}),
        response(body={"success": "True", "count": 1, "data": rows[4:5]}),
    ], page_size=2)
    assert client.read("assets") == rows
    assert [(c["params"]["limit"], c["params"]["offset"]) for c in script.calls] == [(2, 0), (2, 2), (2, 4)]


def test_exact_multiple_ends_on_no_resource():
    client, script = make([
        response(body={"success": "True", "count": 2, "data": [{"a": "1"}, {"a": "2"}]}),
        response(body=NO_RESOURCE),
    ], page_size=2)
    assert len(client.read("assets")) == 2
    assert len(script.calls) == 2


def test_endpoint_that_ignores_offset_does_not_loop():
    page = [{"client_id": "1"}, {"client_id": "2"}]
    client, script = make([response(body={"success": "True", "count": 2, "data": page})] * 2, page_size=2)
    assert client.read("clients", {"client_name": "Initech"}) == page
    assert len(script.calls) == 2


def test_huge_page_500_is_halved():
    client, script = make([response(500), response(500), response(500),
                           response(body={"success": "True", "count": 1, "data": [{"a": "1"}]})], page_size=4000, retries=0)
    assert client.read("assets") == [{"a": "1"}]
    assert [c["params"]["limit"] for c in script.calls] == [4000, 2000, 1000, 500]


def test_page_500_at_the_floor_is_reported():
    client, _unused = make([response(500)], page_size=500, retries=0)
    with pytest.raises(ITFlowServerError):
        client.read("assets")


@pytest.mark.parametrize("resp,exc,words", [
    (response(401), ITFlowAuthError, "no API key reached"),
    (response(401, {"success": "False", "message": "Authentication failed. API key is invalid or has expired."}), ITFlowAuthError, "expired"),
    (response(403, {"success": "False", "message": "The user linked to this API key does not have permission for this action."}),
     ITFlowPermissionError, "does not have permission"),
    (response(404, raw=b"<html>Not Found</html>", ctype="text/html"), ITFlowEndpointMissing, "has no assets/read.php endpoint"),
    (response(405, raw=b'string(3) "PUT"'), ITFlowMethodError, "HTTP 405"),
    (response(400, {"success": "False", "message": "A filter is required.", "count": 0, "data": []}), ITFlowRejected, "A filter is required"),
    (response(200, {"success": "False", "message": "Invalid month parameter."}), ITFlowRejected, "Invalid month"),
])
def test_errors_are_typed_and_name_the_endpoint(resp, exc, words):
    client, _unused = make([resp], retries=0)
    with pytest.raises(exc) as err:
        client.read("assets")
    assert words in str(err.value)
    assert "assets/read.php" in str(err.value)
    assert "K" * 32 not in str(err.value)


@pytest.mark.parametrize("resp,exc,words", [
    (response(500), ITFlowServerError, "empty HTTP 500"),
    (response(502, raw=b"<html>Bad Gateway</html>", ctype="text/html"), ITFlowServerError, "HTTP 502"),
    (response(200, raw=b'{"success":"True","da'), ITFlowResponseError, "not JSON"),
    (response(200, raw=b"<html>login</html>", ctype="text/html"), ITFlowResponseError, "not JSON"),
])
def test_transient_read_errors_are_retried_then_reported(resp, exc, words):
    client, script = make([resp, resp, resp], retries=2, page_size=100)
    with pytest.raises(exc) as err:
        client.read("assets", paged=False)
    assert words in str(err.value)
    assert "after 3 attempts" in str(err.value)
    assert len(script.calls) == 3


def test_transient_read_error_recovers():
    client, script = make([requests.exceptions.ConnectionError("Connection refused"),
                           response(body={"success": "True", "count": 1, "data": [{"a": "1"}]})], retries=1)
    assert client.read("assets", paged=False) == [{"a": "1"}]
    assert len(script.calls) == 2


@pytest.mark.parametrize("exc,words", [
    (requests.exceptions.ConnectionError("[Errno 111] Connection refused"), "connection refused"),
    (requests.exceptions.ConnectionError("Failed to resolve 'nohost' (Name or service not known)"), "DNS"),
    (requests.exceptions.SSLError("certificate verify failed"), "TLS verification failed"),
    (requests.exceptions.ReadTimeout("read timed out"), "did not answer"),
])
def test_connection_failures_are_explained(exc, words):
    client, _unused = make([exc], retries=0)
    with pytest.raises(ITFlowConnectionError) as err:
        client.read("assets", paged=False)
    assert words in str(err.value)


def test_writes_are_never_retried():
    client, script = make([response(500)], retries=5)
    with pytest.raises(ITFlowServerError):
        client.write("assets", "create", {"asset_name": "x", "client_id": 1})
    assert len(script.calls) == 1
    assert script.calls[0]["method"] == "POST"
    assert script.calls[0]["body"]["asset_name"] == "x"


def test_write_failure_carries_itflow_message():
    msg = "Auth success but update query failed/returned no results."
    client, _unused = make([response(body={"success": "False", "message": msg})])
    with pytest.raises(ITFlowWriteFailed) as err:
        client.write("assets", "update", {"asset_id": 1})
    assert err.value.server_message == msg
    assert "assets/update.php" in str(err.value)


def test_decrypt_password_in_body_on_26_08():
    client, script = make([
        response(body=NO_RESOURCE),  # ticket_replies/read.php exists: a 26.08 server
        response(body={"success": "True", "count": 1, "data": [{"credential_id": "1"}]}),
    ], decrypt_password="D" * 32)
    client.read("credentials", decrypt=True)
    call = script.calls[1]
    assert call["body"]["api_key_decrypt_password"] == "D" * 32
    assert "api_key_decrypt_password" not in call["params"]


def test_decrypt_password_in_query_only_before_26_08():
    client, script = make([
        response(404, raw=b"<html>Not Found</html>", ctype="text/html"),  # no ticket_replies: client-scoped keys
        response(body={"success": "True", "count": 1, "data": [{"credential_id": "1"}]}),
    ], decrypt_password="D" * 32)
    client.read("credentials", decrypt=True)
    call = script.calls[1]
    assert call["params"]["api_key_decrypt_password"] == "D" * 32
    assert "api_key_decrypt_password" not in call["body"]


def test_key_model_403_means_user_keys():
    client, _unused = make([response(403, {"success": "False", "message": "The user linked to this API key does not have permission for this action."})])
    assert client.key_model() == "user"


@pytest.mark.parametrize("url,words", [
    ("itflow.example.com", "no scheme"),
    ("", "No ITFlow URL"),
    ("https://x/?a=b", "query string"),
])
def test_bad_urls(url, words):
    with pytest.raises(ITFlowInputError) as err:
        _client.ITFlowClient(url, "k")
    assert words in str(err.value)


def test_empty_key():
    with pytest.raises(ITFlowInputError) as err:
        _client.ITFlowClient("https://x", "  ")
    assert "API key" in str(err.value)


def test_api_v1_suffix_is_accepted():
    assert _client.normalize_url("https://x/itflow/api/v1/") == "https://x/itflow"
