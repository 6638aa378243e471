# -*- coding: utf-8 -*-
"""Bad connection options: refused before any request at all (26.08 simulator, itflow_asset as the example)."""

from __future__ import absolute_import, division, print_function

import pytest

from badinput import OMIT, case_ids  # pylint: disable=import-error

TASK = {"client": "Acme Corp", "name": "CONN-01", "type": "Server"}

CASES = [
    ("url-without-scheme", {"url": "itflow.example.com"}, ["url", "https://itflow.example.com"]),
    ("url-other-scheme", {"url": "ftp://itflow.example.com"}, ["url", "https://"]),
    ("url-missing", {"url": OMIT}, ["url", "ITFLOW_URL"]),
    ("api-key-empty", {"api_key": ""}, ["api_key", "ITFLOW_API_KEY"]),
    ("api-key-blank", {"api_key": "   "}, ["api_key", "ITFLOW_API_KEY"]),
    ("api-key-missing", {"api_key": OMIT}, ["api_key", "ITFLOW_API_KEY"]),
    ("timeout-zero", {"timeout": 0}, ["timeout", "greater than 0"]),
    ("timeout-negative", {"timeout": -5}, ["timeout", "greater than 0"]),
    ("timeout-not-a-number", {"timeout": "fast"}, ["timeout", "float"]),
    ("retries-negative", {"retries": -1}, ["retries", "at least 0"]),
    ("retries-not-a-number", {"retries": "three"}, ["retries", "int"]),
    ("retry-backoff-negative", {"retry_backoff": -2}, ["retry_backoff", "at least 0"]),
    ("page-size-zero", {"page_size": 0}, ["page_size", "at least 1"]),
    ("key-model-unknown", {"key_model": "both"}, ["key_model", "auto, user, client"]),
    ("validate-certs-not-boolean", {"validate_certs": "perhaps"}, ["validate_certs", "bool"]),
    ("ca-path-with-validate-certs-false", {"ca_path": "/etc/ssl/certs/ca-certificates.crt", "validate_certs": False},
     ["ca_path", "validate_certs", "Remove"]),
]


@pytest.fixture(scope="module")
def runner(make_runner):
    return make_runner("26.08")


@pytest.mark.parametrize("args,words", [c[1:] for c in CASES], ids=case_ids(CASES))
def test_refused_before_any_request(runner, args, words):
    _result, log = runner.refused("itflow_asset", dict(TASK, **args), words)
    assert log == [], log
