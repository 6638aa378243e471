# -*- coding: utf-8 -*-
"""Make ansible_collections.itflow.itflow importable from this checkout; fixtures shared by the unit tests."""

from __future__ import absolute_import, division, print_function

import os
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _collections_root():
    # Inside an ansible_collections tree already (ansible-test's copy): use it.
    parts = REPO.split(os.sep)
    if len(parts) > 3 and parts[-3] == "ansible_collections":
        return os.sep.join(parts[:-3])
    root = os.path.join(REPO, ".cache", "collections")
    link = os.path.join(root, "ansible_collections", "itflow", "itflow")
    if not os.path.exists(link):
        os.makedirs(os.path.dirname(link), exist_ok=True)
        os.symlink(REPO, link)
    return root


ROOT = _collections_root()
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


@pytest.fixture
def engine_env(tmp_path, monkeypatch):
    """Engine runs that touch nothing outside tmp_path: lock files and the credential index."""
    monkeypatch.setenv("ITFLOW_LOCK_DIR", str(tmp_path / "locks"))
    monkeypatch.setenv("ITFLOW_LOCK_TIMEOUT", "2")
    monkeypatch.setenv("ITFLOW_CREDENTIAL_INDEX_PATH", str(tmp_path / "credential-index.json"))
    monkeypatch.delenv("ITFLOW_CREDENTIAL_INDEX", raising=False)
    return tmp_path
