# -*- coding: utf-8 -*-
"""playbooks/drift_report.yml declares through itflow_bulk: it knows every resource of the registry, and the
example declarations pass itflow_bulk's own checks (no ITFlow needed)."""

from __future__ import absolute_import, division, print_function

import os

import pytest
import yaml

from ansible_collections.itflow.itflow.plugins.module_utils._bulk import check_items
from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowInputError
from ansible_collections.itflow.itflow.plugins.module_utils._registry import RESOURCES, bulk_names

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAYBOOK = os.path.join(REPO, "playbooks", "drift_report.yml")
EXAMPLE = os.path.join(REPO, "playbooks", "vars", "declaration.example.yml")


def load(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def check_play():
    return load(PLAYBOOK)[0]


def test_every_resource_is_checked_through_itflow_bulk_in_dependency_order():
    play = check_play()
    resources = play["vars"]["drift_resources"]
    # Every resource itflow_bulk declares except tickets, whose records are events rather than documentation.
    assert sorted(resources.values()) == sorted(set(bulk_names()) - {"ticket"})
    order = list(RESOURCES)
    assert [order.index(r) for r in resources.values()] == sorted(order.index(r) for r in resources.values())
    block = [t for t in play["tasks"] if "block" in t][0]
    assert block["check_mode"] is True
    modules = [[k for k in t if k.startswith("itflow.itflow.")] for t in block["block"]]
    assert modules == [["itflow.itflow.itflow_bulk"]] * len(block["block"])
    assert all(t["ignore_errors"] is True for t in block["block"])


@pytest.mark.parametrize("path", [EXAMPLE, os.path.join(REPO, "tests", "drift", "declaration.yml")])
def test_declarations_pass_itflow_bulks_checks(path):
    resources = check_play()["vars"]["drift_resources"]
    for kind, items in load(path)["itflow_declaration"].items():
        res = RESOURCES[resources[kind]]
        check_items(res, [dict((k, v) for k, v in i.items() if k != "client") for i in items or []])


def test_a_misspelt_option_is_refused_naming_it():
    with pytest.raises(ITFlowInputError, match="unknown option.*phone_no"):
        check_items(RESOURCES["contact"], [{"email": "a@b.example", "phone_no": "1"}])


def test_ticket_task_is_left_out_of_the_report():
    tickets = [t for t in load(PLAYBOOK)[1]["tasks"][0]["block"] if "itflow.itflow.itflow_ticket" in t][0]
    assert tickets["vars"]["itflow_drift_report"] is False
    assert tickets["itflow.itflow.itflow_ticket"]["subject"] == "{{ drift_ticket_subject }}"
