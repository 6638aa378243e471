# -*- coding: utf-8 -*-
"""Fixtures shared by the unit tests. (tests/conftest.py makes ansible_collections.itflow.itflow importable
from this checkout.)"""

from __future__ import absolute_import, division, print_function

import pytest


@pytest.fixture
def engine_env(tmp_path, monkeypatch):
    """Engine runs that touch nothing outside tmp_path: lock files and the credential index."""
    monkeypatch.setenv("ITFLOW_LOCK_DIR", str(tmp_path / "locks"))
    monkeypatch.setenv("ITFLOW_LOCK_TIMEOUT", "2")
    monkeypatch.setenv("ITFLOW_CREDENTIAL_INDEX_PATH", str(tmp_path / "credential-index.json"))
    monkeypatch.delenv("ITFLOW_CREDENTIAL_INDEX", raising=False)
    return tmp_path
