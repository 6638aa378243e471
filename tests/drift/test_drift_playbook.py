# -*- coding: utf-8 -*-
"""playbooks/drift_report.yml passes every option of each module, and knows exactly those (no ITFlow needed)."""

from __future__ import absolute_import, division, print_function

import importlib
import os

import pytest
import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAYBOOK = os.path.join(REPO, "playbooks", "drift_report.yml")
EXAMPLE = os.path.join(REPO, "playbooks", "vars", "declaration.example.yml")


def load(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def check_tasks():
    play = load(PLAYBOOK)[0]
    block = [t for t in play["tasks"] if "block" in t][0]
    return play, block


def test_every_module_option_is_passed_and_known():
    play, block = check_tasks()
    assert block["check_mode"] is True
    options = play["vars"]["drift_options"]
    seen = set()
    for task in block["block"]:
        action = [k for k in task if k.startswith("itflow.itflow.")][0]
        module = importlib.import_module("ansible_collections.itflow.itflow.plugins.modules." + action.split(".")[-1])
        kind = task["loop"].split("itflow_declaration.")[1].split(" ")[0]
        seen.add(kind)
        assert list(task[action]) == list(module.ARGUMENT_SPEC), action
        assert all(v == "{{ item.%s | default(omit) }}" % k for k, v in task[action].items())
        assert options[kind] == list(module.ARGUMENT_SPEC), kind
        assert task["ignore_errors"] is True and task["register"] == "drift_check_" + kind
    assert seen == set(options)


@pytest.mark.parametrize("path", [EXAMPLE, os.path.join(REPO, "tests", "drift", "declaration.yml")])
def test_declarations_use_known_options(path):
    options = check_tasks()[0]["vars"]["drift_options"]
    for kind, items in load(path)["itflow_declaration"].items():
        for item in items or []:
            assert set(item) <= set(options[kind]), (kind, item)


def test_ticket_task_is_left_out_of_the_report():
    tickets = [t for t in load(PLAYBOOK)[1]["tasks"][0]["block"] if "itflow.itflow.itflow_ticket" in t][0]
    assert tickets["vars"]["itflow_drift_report"] is False
    assert tickets["itflow.itflow.itflow_ticket"]["subject"] == "{{ drift_ticket_subject }}"
