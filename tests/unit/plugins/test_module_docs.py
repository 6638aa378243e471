# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Each resource module's documentation against its argument spec and its resource definition.

A resource module's argument spec is derived from its definition (``Resource.argument_spec()``),
but its DOCUMENTATION stays literal YAML (plus doc fragments) so that ansible-doc and the docs
site can read it. These tests keep the three in step: documentation resolved with its
fragments (ansible's own ``get_docstring`` and ``add_fragments``), the argument spec the module
really runs with (the definition's plus the connection options), and the definition's fields.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ast
import copy
import importlib
import json
import os
import re
import shutil
import subprocess

import pytest

from ansible.utils.plugin_docs import get_docstring

from ansible_collections.itflow.itflow.plugins.module_utils._fields import Field
from ansible_collections.itflow.itflow.plugins.module_utils._module import CONNECTION_ARGSPEC
from ansible_collections.itflow.itflow.plugins.module_utils._registry import RESOURCES

COLLECTION = "itflow.itflow"
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
MODULES = os.path.join(REPO, "plugins", "modules")
# The facts of an argument spec entry that the documentation states, with their defaults.
SPEC_FACTS = (("type", "str"), ("choices", None), ("default", None), ("required", False), ("elements", None))
# Option names ansible-test's validate-modules may take for secrets (unless of type path or bool, or with
# choices): their argument spec must say no_log, True or False (a broader match than ansible-test's own).
LOOKS_SECRET = re.compile(r"(key|pass|secret|token)")
LIMIT = re.compile(r"at most (\d[\d,]*) (characters|bytes)")


class _Fragments(object):
    """A fragment loader for ansible's add_fragments that finds this collection's doc fragments
    without an installed collection finder: ``itflow.itflow.<file>`` is the file's class; a
    name with one more dot is split by add_fragments into file and variable, as ansible does."""

    def get(self, name):
        prefix = COLLECTION + "."
        if not name.startswith(prefix) or "." in name[len(prefix):]:
            return None
        try:
            module = importlib.import_module("ansible_collections.itflow.itflow.plugins.doc_fragments." + name[len(prefix):])
        except ImportError:
            return None
        fragment = module.ModuleDocFragment
        fragment.ansible_name = name
        return fragment


def module_path(name):
    return os.path.join(MODULES, "itflow_%s.py" % name)


def module_doc(name):
    doc, _examples, returns, _metadata = get_docstring(
        module_path(name), _Fragments(), collection_name=COLLECTION, is_module=True)
    return doc, returns


def module_spec(resource):
    """The argument spec the module runs with: the definition's plus the connection options (see _module.new_module)."""
    spec = copy.deepcopy(CONNECTION_ARGSPEC)
    spec.update(resource.argument_spec())
    return spec


def problems(name, resource, doc):
    """Every disagreement between a module's documentation, its argument spec and its definition."""
    found = []
    options = doc.get("options") or {}
    spec = module_spec(resource)
    for option in sorted(set(spec) - set(options)):
        found.append("%s is in the argument spec but not documented" % option)
    for option in sorted(set(options) - set(spec)):
        found.append("%s is documented but not in the argument spec" % option)
    for field in resource.fields:
        if field.option not in options:
            found.append("field %s of the %s definition is not documented" % (field.option, name))
    for option in sorted(set(spec) & set(options)):
        entry, documented = spec[option], options[option]
        for fact, default in SPEC_FACTS:
            have, want = documented.get(fact, default), entry.get(fact, default)
            if fact == "required":
                have, want = bool(have), bool(want)
            if have != want:
                found.append("%s: documented %s %r, argument spec %r" % (option, fact, have, want))
        if LOOKS_SECRET.search(option) and "no_log" not in entry and entry.get("type") not in ("path", "bool") \
                and not entry.get("choices"):
            found.append("%s: looks like a secret to ansible-test, so its argument spec must set no_log" % option)
    for field in resource.fields:
        entry = spec.get(field.option, {})
        if bool(entry.get("no_log")) != field.secret:
            found.append("%s: no_log is %r in the argument spec, secret is %r in the definition" % (
                field.option, entry.get("no_log"), field.secret))
        text = " ".join(_lines(options.get(field.option, {}).get("description")))
        if field.secret and "mask" not in text:
            found.append("%s: a secret; its documentation must say it is masked" % field.option)
        for number, unit in LIMIT.findall(text):
            limit = field.max_len if unit == "characters" else field.max_bytes
            if limit != int(number.replace(",", "")):
                found.append("%s: documented at most %s %s, the definition's limit is %r" % (field.option, number, unit, limit))
    state = options.get("state", {})
    if state.get("choices") != resource.states():
        found.append("state: documented choices %r, the definition's states %r" % (state.get("choices"), resource.states()))
    if resource.required_one_of():
        key = resource.natural_key[0]
        if "Required unless O(id) is given" not in " ".join(_lines(options.get(key, {}).get("description"))):
            found.append("%s: identifies the record, so its documentation must say 'Required unless O(id) is given'" % key)
    if "client" in options and resource.client_scoped and not resource.parent:
        says_required = "Required unless O(id) is given" in " ".join(_lines(options["client"].get("description")))
        if says_required != resource.client_required:
            found.append("client: documented as %srequired, the definition's client_required is %r" % (
                "" if says_required else "not ", resource.client_required))
    return found


def _lines(description):
    if description is None:
        return []
    return [description] if isinstance(description, str) else list(description)


def run_calls(path):
    """The string arguments of every run_resource_module(...) call in a module file."""
    with open(path) as handle:
        tree = ast.parse(handle.read(), path)
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "run_resource_module":
            calls.append([a.value if isinstance(a, ast.Constant) else ast.dump(a) for a in node.args])
    return calls


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_module_runs_its_own_resource(name):
    assert run_calls(module_path(name)) == [[name]]


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_documentation_matches_spec_and_definition(name):
    doc, returns = module_doc(name)
    assert doc["module"] == "itflow_" + name
    assert problems(name, RESOURCES[name], doc) == []
    # The record comes back under the resource's singular name, beside operation and drift.
    assert {name, "operation", "drift"} <= set(returns)


def test_every_resource_module_has_a_definition():
    modules = sorted(f[len("itflow_"):-3] for f in os.listdir(MODULES) if f.startswith("itflow_") and f.endswith(".py"))
    calling = [m for m in modules if run_calls(module_path(m))]
    assert calling == sorted(RESOURCES)


def test_operation_and_drift_are_documented_alike():
    """The shared return values say the same thing in every module (RETURN cannot use fragments)."""
    texts = {}
    for name in RESOURCES:
        _doc, returns = module_doc(name)
        for key in ("operation", "drift"):
            entry = dict(returns[key])
            entry.pop("sample", None)
            texts.setdefault(key, {}).setdefault(json.dumps(entry, sort_keys=True), []).append(name)
    for key, variants in texts.items():
        assert len(variants) == 1, "%s is documented %d ways: %s" % (key, len(variants), sorted(variants.values()))


def test_a_field_added_without_docs_is_caught():
    """What the check reports for a definition that gained a field, a secret and a state the docs do not have."""
    resource = copy.copy(RESOURCES["asset"])
    resource.fields = resource.fields + [Field("rack", "asset_rack", "text", max_len=200),
                                         Field("bios_password", "asset_bios_password", "secret", secret=True)]
    resource.by_option = dict((f.option, f) for f in resource.fields)
    resource.ops = resource.ops + ("archive", "unarchive")
    resource.flag = resource.make_flag()
    doc, _returns = module_doc("asset")
    found = problems("asset", resource, doc)
    assert "field rack of the asset definition is not documented" in found
    assert "rack is in the argument spec but not documented" in found
    assert "field bios_password of the asset definition is not documented" in found
    assert any(p.startswith("state: documented choices") for p in found)


def test_a_wrong_documented_fact_is_caught():
    doc, _returns = module_doc("asset")
    doc = copy.deepcopy(doc)
    doc["options"]["network"]["type"] = "int"
    doc["options"]["name"]["description"] = "Asset name, at most 100 characters. Required unless O(id) is given."
    doc["options"]["extra"] = {"description": "Not in the spec.", "type": "str"}
    found = problems("asset", RESOURCES["asset"], doc)
    assert "network: documented type 'int', argument spec 'raw'" in found
    assert "name: documented at most 100 characters, the definition's limit is 200" in found
    assert "extra is documented but not in the argument spec" in found


@pytest.mark.skipif(not shutil.which("ansible-doc"), reason="ansible-doc not on PATH")
def test_ansible_doc_reads_the_same_options():
    """ansible-doc (the real plugin and fragment loaders) renders every resource module with the options checked above."""
    names = ["%s.itflow_%s" % (COLLECTION, n) for n in sorted(RESOURCES)]
    env = dict(os.environ, ANSIBLE_DEPRECATION_WARNINGS="false")
    result = subprocess.run(["ansible-doc", "--json", "-t", "module"] + names, capture_output=True, text=True, env=env, timeout=120,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert "[WARNING]" not in result.stderr and "[ERROR]" not in result.stderr, result.stderr
    rendered = json.loads(result.stdout)
    if not rendered:
        pytest.skip("ansible-doc does not see this checkout as itflow.itflow (ANSIBLE_COLLECTIONS_PATH)")
    for name in sorted(RESOURCES):
        doc, _returns = module_doc(name)
        assert sorted(rendered["%s.itflow_%s" % (COLLECTION, name)]["doc"]["options"]) == sorted(doc["options"]), name
