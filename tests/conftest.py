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


# The order the slow tests start in. With several pytest-xdist workers, the run ends when the last
# worker does: started last, a test of a minute leaves the other worker idle for most of that minute.
# So the longest start first (with scripts/test.sh's --maxschedchunk 1 in the second run, each worker
# takes the next test when it is free). Rough seconds of one run on a 2-core machine (December 2026); only the
# order matters, and a test not named here keeps its place after these. (In the first pytest run,
# --dist loadscope: all the tests of a module on one worker, which starts its module fixtures once.)
RUN_FIRST = (
    ("tests/plan/test_plan_equals_apply.py::", 48),
    ("tests/packaging/test_release.py::", 45),
    ("tests/docs/test_docs_build.py::", 25),
    ("tests/drift/test_drift_report.py::", 22),
    ("tests/integration/test_concurrency.py::test_ten_forks", 42),
    ("tests/molecule/test_molecule.py::test_molecule_scenario", 35),
    ("tests/integration/test_secrets.py::test_no_secret_in_any_output", 31),
    ("tests/integration/test_playbook_document_fleet.py::test_document_fleet_creates", 29),
    ("tests/integration/test_data_safety.py::test_whole_client", 26),
    ("tests/integration/test_playbooks.py::test_client_docs_playbook", 21),
    ("tests/integration/test_concurrency.py::test_two_processes", 20),
    ("tests/integration/test_playbooks.py::test_provision", 15),
    ("tests/integration/test_demo_playbook.py::", 10),
    ("tests/integration/test_targets.py::", 8),
)


def run_first_weight(nodeid):
    for prefix, seconds in RUN_FIRST:
        if nodeid.startswith(prefix):
            return seconds
    return 0


def pytest_collection_modifyitems(items):
    """Longest first (RUN_FIRST); the rest in collection order (a stable sort)."""
    items.sort(key=lambda item: -run_first_weight(item.nodeid))


for _path in (checkout_collections(), SIMULATOR):
    if _path not in sys.path:
        sys.path.insert(0, _path)
sys.modules["itflow_tests"] = sys.modules[__name__]
