# -*- coding: utf-8 -*-
"""The AWX / Ansible Automation Platform kit of docs/awx/: the custom credential type injects only
environment variables the collection reads, and the inventory source example, given the environment
such a credential injects, makes hosts of the ITFlow simulator's assets (plain HTTP and HTTPS).

AWX's injection is emulated as AWX documents it: the injector templates are rendered with Jinja2 in
a sandbox, with the credential's inputs as variables (a boolean input the credential does not set is
false, an unset text input is undefined, so it renders empty), and each ``file`` template is written
to a file whose path is ``tower.filename.<name>``."""

from __future__ import absolute_import, division, print_function

import importlib
import io
import os
import re
import shutil
import subprocess
import sys
import types

import pytest
import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AWX = os.path.join(REPO, "docs", "awx")
INPUTS = os.path.join(AWX, "credential-type-inputs.yml")
INJECTORS = os.path.join(AWX, "credential-type-injectors.yml")
INVENTORY = os.path.join(AWX, "inventory", "itflow.yml")
sys.path.insert(0, os.path.join(REPO, "tests", "simulator"))
from itflow_tests import collections_path  # pylint: disable=import-error,wrong-import-position


def load(path):
    with io.open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def tool(name):
    local = os.path.join(os.path.dirname(sys.executable), name)
    return local if os.path.exists(local) else (shutil.which(name) or name)


# -- what the collection reads ---------------------------------------------------------------------

def module_env_vars():
    """ITFLOW_* variables the modules fall back to (CONNECTION_ARGSPEC of module_utils/_module.py)."""
    collections_path()
    module = importlib.import_module("ansible_collections.itflow.itflow.plugins.module_utils._module")
    names = set()
    for spec in module.CONNECTION_ARGSPEC.values():
        if "fallback" in spec:
            names.update(spec["fallback"][1])
    return names


def plugin_env_vars():
    """ITFLOW_* variables the inventory and lookup plugins read (env: of the PLUGINS doc fragment, their option source)."""
    collections_path()
    fragment = importlib.import_module("ansible_collections.itflow.itflow.plugins.doc_fragments.connection").ModuleDocFragment
    names = set()
    for option in yaml.safe_load(fragment.PLUGINS)["options"].values():
        names.update(entry["name"] for entry in option.get("env", []))
    return names


def test_credential_type_files_parse():
    inputs = load(INPUTS)
    injectors = load(INJECTORS)
    ids = [field["id"] for field in inputs["fields"]]
    assert len(ids) == len(set(ids)), ids
    for field in inputs["fields"]:
        assert set(field) <= {"id", "type", "label", "help_text", "secret", "multiline", "default", "format", "choices"}, field
        assert field["type"] in ("string", "boolean"), field
        assert field["label"] and field["help_text"], field
    assert set(inputs["required"]) <= set(ids)
    secret = {field["id"] for field in inputs["fields"] if field.get("secret")}
    assert {"itflow_api_key", "itflow_decrypt_password"} <= secret
    assert set(injectors) == {"env", "file"}, injectors
    # Every template names only inputs of the type (and tower.filename.<file template>).
    files = {label.split(".", 1)[1] for label in injectors["file"]}
    for template in list(injectors["env"].values()) + list(injectors["file"].values()):
        for name in re.findall(r"\b(itflow_\w+|tower\.filename\.\w+)", template):
            assert name in ids or (name.startswith("tower.filename.") and name.split(".")[-1] in files), (name, template)


def test_injected_env_vars_are_read_by_modules_and_plugins():
    injected = set(load(INJECTORS)["env"])
    assert {"ITFLOW_URL", "ITFLOW_API_KEY", "ITFLOW_DECRYPT_PASSWORD", "ITFLOW_CA_PATH", "ITFLOW_VALIDATE_CERTS"} <= injected
    assert injected <= module_env_vars(), "not read by the modules: %s" % sorted(injected - module_env_vars())
    assert injected <= plugin_env_vars(), "not read by the inventory and lookup plugins: %s" % sorted(injected - plugin_env_vars())


def test_inventory_example_parses_and_names_the_plugin():
    source = load(INVENTORY)
    assert source["plugin"] == "itflow.itflow.itflow"
    assert os.path.basename(INVENTORY).endswith("itflow.yml")
    # No connection secret in a file that sits in a project repository: the credential injects them.
    assert not set(source) & {"url", "api_key", "decrypt_password"}, source


# -- AWX's injection, emulated -------------------------------------------------------------------

def awx_environment(credential, private_dir):
    """The environment variables a credential of the type gives a job or an inventory update."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment  # pylint: disable=import-outside-toplevel

    fields = load(INPUTS)["fields"]
    injectors = load(INJECTORS)
    namespace = {}
    for field in fields:
        value = credential.get(field["id"])
        if field["type"] == "boolean":
            namespace[field["id"]] = bool(value)  # unset: false, whatever the field's default
        elif value:
            namespace[field["id"]] = value
    sandbox = ImmutableSandboxedEnvironment()
    filenames = {}
    for label, template in sorted(injectors.get("file", {}).items()):
        path = os.path.join(private_dir, "env", label.split(".", 1)[1])
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with io.open(path, "w", encoding="utf-8") as handle:
            handle.write(sandbox.from_string(template).render(**namespace))
        filenames[label.split(".", 1)[1]] = path
    namespace["tower"] = types.SimpleNamespace(filename=types.SimpleNamespace(**filenames))
    return dict((name, sandbox.from_string(template).render(**namespace)) for name, template in injectors["env"].items())


def test_emulated_injection_renders_every_variable(tmp_path):
    env = awx_environment({"itflow_url": "https://itflow.example.com", "itflow_api_key": "key",
                           "itflow_ca_bundle": "-----BEGIN CERTIFICATE-----\n"}, str(tmp_path))
    assert env["ITFLOW_URL"] == "https://itflow.example.com" and env["ITFLOW_API_KEY"] == "key"
    assert env["ITFLOW_DECRYPT_PASSWORD"] == ""
    assert env["ITFLOW_VALIDATE_CERTS"] == "True"
    assert os.path.isfile(env["ITFLOW_CA_PATH"])
    env = awx_environment({"itflow_url": "u", "itflow_api_key": "k", "itflow_skip_tls_verify": True,
                           "itflow_ca_bundle": "-----BEGIN CERTIFICATE-----\n"}, str(tmp_path))
    assert env["ITFLOW_VALIDATE_CERTS"] == "False" and env["ITFLOW_CA_PATH"] == ""


@pytest.fixture(scope="module")
def servers():
    from itflow_sim.testing import start_simulator  # pylint: disable=import-error,import-outside-toplevel

    plain = start_simulator(profile="26.08", seed="demo")
    try:
        tls = start_simulator(profile="26.08", seed="demo", tls=True)
    except Exception:
        plain.stop()
        raise
    try:
        yield {"http": plain, "https": tls}
    finally:
        tls.stop()
        plain.stop()


def run_with(env_from_credential, args, cwd, extra_env=None):
    env = dict(os.environ)
    for name in list(env):
        if name.startswith("ITFLOW_") or name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
            del env[name]
    env.update({"ANSIBLE_COLLECTIONS_PATH": collections_path(), "ANSIBLE_INVENTORY_UNPARSED_FAILED": "true", "ANSIBLE_NOCOLOR": "1",
                "ANSIBLE_DEPRECATION_WARNINGS": "false", "ANSIBLE_LOCALHOST_WARNING": "false"})
    env.update(env_from_credential)
    for name, value in (extra_env or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)
    return result.returncode, result.stdout, result.stderr


CASES = {
    # name: (server, credential inputs besides URL and key, trust the simulator's CA as if it were public)
    "http": ("http", {}, False),
    "https-ca-bundle": ("https", {"itflow_ca_bundle": "CA"}, False),
    "https-public-ca": ("https", {}, True),
    "https-no-verify": ("https", {"itflow_skip_tls_verify": True}, False),
}


def credential_env(case, servers, private_dir):
    server_name, inputs, public = CASES[case]
    server = servers[server_name]
    credential = {"itflow_url": server.url, "itflow_api_key": server.keys["admin"]["api_key"],
                  "itflow_decrypt_password": server.keys["admin"].get("decrypt_password", "")}
    for key, value in inputs.items():
        if value == "CA":
            with io.open(server.ca_path, encoding="utf-8") as handle:
                value = handle.read()
        credential[key] = value
    # A certificate signed by a public CA: requests verifies it with its default bundle, which
    # REQUESTS_CA_BUNDLE replaces here by the simulator's own CA.
    extra = {"REQUESTS_CA_BUNDLE": server.ca_path} if public else {}
    return awx_environment(credential, private_dir), extra


@pytest.mark.parametrize("case", [
    "http",
    "https-ca-bundle",
    "https-public-ca",  # the credential has no CA bundle: AWX injects ITFLOW_CA_PATH=""
    "https-no-verify",
])
def test_inventory_example_with_injected_credential(case, servers, tmp_path):
    """ansible-inventory on a copy of docs/awx/inventory/itflow.yml, as an AWX inventory update runs it."""
    project = tmp_path / "project"
    (project / "inventory").mkdir(parents=True)
    source = project / "inventory" / "itflow.yml"
    shutil.copy(INVENTORY, str(source))
    env, extra = credential_env(case, servers, str(tmp_path / "private"))
    code, out, err = run_with(env, [tool("ansible-inventory"), "-i", str(source), "--graph"], str(project), extra)
    assert code == 0, err[-3000:]
    for group in ("@client_Acme_Corp", "@client_Globex_Inc", "@type_Server", "@status_Deployed"):
        assert group in out, out
    assert "GLOBEX-SRV01" in out, out
    assert "WARNING" not in err, err[-3000:]


@pytest.mark.parametrize("case", ["https-ca-bundle", "https-public-ca", "https-no-verify"])
def test_module_with_injected_credential(case, servers, tmp_path):
    """A module run by a job template with the credential: the connection comes from the environment alone."""
    env, extra = credential_env(case, servers, str(tmp_path / "private"))
    code, out, err = run_with(env, [tool("ansible"), "localhost", "-i", "localhost,", "-c", "local", "-o",
                                    "-e", "ansible_python_interpreter=" + sys.executable,
                                    "-m", "itflow.itflow.itflow_info", "-a", "resource=clients"], str(tmp_path), extra)
    assert code == 0, out[-3000:] + err[-3000:]
    assert "SUCCESS" in out and "Acme Corp" in out, out[-3000:]


def test_drift_report_job_from_the_example_project(servers, tmp_path):
    """The job template of docs/awx/README.md: the project's ansible.cfg enables the callback, its playbook imports the collection's."""
    project = tmp_path / "project"
    (project / "playbooks").mkdir(parents=True)
    (project / "itflow").mkdir()
    shutil.copy(os.path.join(AWX, "project", "ansible.cfg"), str(project / "ansible.cfg"))
    shutil.copy(os.path.join(AWX, "project", "playbooks", "drift_report.yml"), str(project / "playbooks" / "drift_report.yml"))
    shutil.copy(os.path.join(REPO, "playbooks", "vars", "declaration.example.yml"), str(project / "itflow" / "declaration.yml"))
    env, extra = credential_env("http", servers, str(tmp_path / "private"))
    # Only the project's ansible.cfg configures the callback, as in an AWX job.
    extra.update(dict.fromkeys(("ANSIBLE_CONFIG", "ANSIBLE_CALLBACKS_ENABLED", "ITFLOW_DRIFT_REPORT_DIR", "ITFLOW_DRIFT_REPORT_BASE_NAME")))
    # AWX always gives a job an inventory; the playbook's plays run on localhost.
    code, out, err = run_with(env, [tool("ansible-playbook"), "-i", "localhost,", "playbooks/drift_report.yml",
                                    "-e", "drift_declaration_file=%s" % (project / "itflow" / "declaration.yml"),
                                    "-e", "ansible_python_interpreter=" + sys.executable], str(project), extra)
    assert code == 0, out[-3000:] + err[-3000:]
    assert "ITFLOW DRIFT REPORT" in out, out[-3000:]
    for extension in ("md", "json", "xml", "html"):
        assert (project / ("itflow-drift-report." + extension)).is_file(), extension
