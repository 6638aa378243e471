# -*- coding: utf-8 -*-
"""Helpers shared by every test folder: where the checkout, its collections tree and its tools are.

pytest loads this file before any test module. Test modules import the helpers as
``itflow_tests`` (``from itflow_tests import collections_path``): every folder's conftest.py is
imported under the one name ``conftest``, which pytest rebinds as it loads each folder's, so
``from conftest import ...`` would depend on collection order.
"""

from __future__ import absolute_import, division, print_function

import os
import shutil
import sys

TESTS = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(TESTS)
SIMULATOR = os.path.join(TESTS, "simulator")


def checkout_collections():
    """A collections tree in which itflow.itflow is this checkout (never an installed copy).

    Inside an ansible_collections/<namespace>/<name> tree already (ansible-test's copy), that tree;
    else .cache/collections, with ansible_collections/itflow/itflow a relative link to the checkout
    (scripts/setup.sh makes the same link).
    """
    parts = REPO.split(os.sep)
    if len(parts) > 3 and parts[-3] == "ansible_collections":
        return os.sep.join(parts[:-3])
    root = os.path.join(REPO, ".cache", "collections")
    link = os.path.join(root, "ansible_collections", "itflow", "itflow")
    if not os.path.lexists(link):
        os.makedirs(os.path.dirname(link), exist_ok=True)
        try:
            os.symlink(os.path.relpath(REPO, os.path.dirname(link)), link)
        except FileExistsError:  # another xdist worker made it at the same moment
            pass
    return root


def collections_path():
    """ANSIBLE_COLLECTIONS_PATH when set (scripts/setup.sh sets it), else checkout_collections()."""
    return os.environ.get("ANSIBLE_COLLECTIONS_PATH") or checkout_collections()


def venv_bin(name):
    """The path of a command of the Python running the tests (its virtual environment: ansible-playbook,
    ansible-inventory, molecule...), else of the repository's .venv, else on PATH; None if none has it."""
    for folder in (os.path.dirname(sys.executable), os.path.join(REPO, ".venv", "bin")):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            return path
    return shutil.which(name)


for _path in (checkout_collections(), SIMULATOR):
    if _path not in sys.path:
        sys.path.insert(0, _path)
sys.modules["itflow_tests"] = sys.modules[__name__]
