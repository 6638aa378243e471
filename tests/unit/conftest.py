# -*- coding: utf-8 -*-
"""Make ansible_collections.itflow.itflow importable from this checkout."""

from __future__ import absolute_import, division, print_function

import os
import sys

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
