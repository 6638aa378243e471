# -*- coding: utf-8 -*-
"""The collection carries what an execution environment (EE) needs, and docs/awx/execution-environment.yml
builds one with it: ansible-builder writes a complete build context, and the collection installed from
that context gives ansible-builder's introspection its Python requirements. No container engine needed.

The collection tarball is built here (ansible-galaxy collection build) into a temporary copy of the
layout the EE definition expects (the tarball in build/release/, where scripts/release.sh leaves it, the
definition in docs/awx/). The definition names no version: it installs whatever tarball is there."""

from __future__ import absolute_import, division, print_function

import ast
import glob
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import tarfile

import pytest
import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EE_DEFINITION = os.path.join(REPO, "docs", "awx", "execution-environment.yml")
TIMEOUT = 300
# A tarball much larger than this has picked up something build_ignore should keep out.
MAX_TARBALL_BYTES = 1024 * 1024


def load(path):
    with io.open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def galaxy():
    return load(os.path.join(REPO, "galaxy.yml"))


def tool(name):
    local = os.path.join(os.path.dirname(sys.executable), name)
    return local if os.path.exists(local) else (shutil.which(name) or name)


def run(args, cwd, env=None):
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    return result.returncode, (result.stdout + result.stderr).strip()


def requirement_names(path):
    names = []
    with io.open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.split("#", 1)[0].strip()
            if line:
                names.append(re.split(r"[<>=!~;\[\s]", line, maxsplit=1)[0].lower())
    return names


# -- the collection's own EE metadata -------------------------------------------------------------

def test_meta_execution_environment_points_to_existing_files():
    meta = load(os.path.join(REPO, "meta", "execution-environment.yml"))
    assert meta["version"] == 1
    dependencies = meta["dependencies"]
    assert set(dependencies) == {"python", "system"}, dependencies
    for kind, name in dependencies.items():
        path = os.path.join(REPO, name)
        assert os.path.isfile(path), "meta/execution-environment.yml: %s file %s does not exist" % (kind, name)
        assert os.path.dirname(os.path.normpath(path)) == REPO, "%s must sit at the collection root, where ansible-builder looks" % name


def third_party_imports():
    """Top-level modules imported by the collection's plugins that are neither Ansible nor the standard library."""
    found = set()
    for path in glob.glob(os.path.join(REPO, "plugins", "**", "*.py"), recursive=True):
        with io.open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read(), path)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top and top not in ("ansible", "ansible_collections", "__future__") and top not in sys.stdlib_module_names:
                    found.add(top.lower())
    return found


def test_requirements_txt_lists_exactly_the_runtime_imports():
    """requirements.txt is what the plugins import beyond Ansible and the standard library: no more, no less."""
    listed = requirement_names(os.path.join(REPO, "requirements.txt"))
    assert "requests" in listed
    assert sorted(set(listed)) == sorted(third_party_imports()), "requirements.txt %s, plugins import %s" % (listed, sorted(third_party_imports()))


def test_bindep_txt_is_valid():
    with io.open(os.path.join(REPO, "bindep.txt"), encoding="utf-8") as handle:
        lines = [line.strip() for line in handle if line.strip() and not line.lstrip().startswith("#")]
    # bindep's line format: a package name, then optional [profiles] and version constraints.
    for line in lines:
        assert re.match(r"^[A-Za-z0-9][A-Za-z0-9+._-]*(\s+\[[^\]]+\])?(\s*[<>=!]=?\s*\S+)*\s*$", line), line


# -- docs/awx/execution-environment.yml -------------------------------------------------------------

TARBALL_GLOB = "itflow-itflow-*.tar.gz"


def append_galaxy_steps(ee):
    return [" ".join(step.split()) for step in ee.get("additional_build_steps", {}).get("append_galaxy", [])]


def test_ee_definition_matches_the_collection():
    ee = load(EE_DEFINITION)
    assert ee["version"] == 3
    meta = galaxy()
    assert TARBALL_GLOB == "%s-%s-*.tar.gz" % (meta["namespace"], meta["name"])
    # The collection comes from the tarball in build/release/, whatever its version, installed by the galaxy stage.
    assert ee["dependencies"]["galaxy"] == {"collections": []}, ee["dependencies"]["galaxy"]
    assert ee["additional_build_files"] == [{"src": "../../build/release/" + TARBALL_GLOB, "dest": "collections"}]
    steps = append_galaxy_steps(ee)
    assert len(steps) == 1 and steps[0].startswith("RUN ") and "ansible-galaxy collection install" in steps[0], steps
    assert steps[0].endswith("/build/collections/" + TARBALL_GLOB), steps
    assert "--collections-path /usr/share/ansible/collections" in steps[0], steps
    assert ee["dependencies"]["python"] == "../../requirements.txt"
    assert ee["dependencies"]["system"] == "../../bindep.txt"
    # The EE runs the ansible-core the collection is tested with.
    with io.open(os.path.join(REPO, "requirements-dev.txt"), encoding="utf-8") as handle:
        tested = re.search(r"^ansible-core==(\S+)", handle.read(), re.MULTILINE).group(1)
    assert ee["dependencies"]["ansible_core"]["package_pip"] == "ansible-core==" + tested
    assert ee["dependencies"]["ansible_runner"]["package_pip"].startswith("ansible-runner")


def test_ee_definition_states_no_version():
    """The version lives in galaxy.yml (and plugins/module_utils/_version.py): the EE files never repeat it."""
    version = galaxy()["version"]
    for path in glob.glob(os.path.join(REPO, "docs", "awx", "**", "*.yml"), recursive=True):
        with io.open(path, encoding="utf-8") as handle:
            text = handle.read()
        assert version not in text, "%s states the version %s: take it from galaxy.yml" % (os.path.relpath(path, REPO), version)
    assert "tags" not in load(EE_DEFINITION).get("options", {}), "an image tag holds a version: give it with ansible-builder -t"


@pytest.fixture(scope="module")
def ee_build(tmp_path_factory):
    """The layout the EE definition expects, with a freshly built tarball, and the build context ansible-builder writes for it."""
    work = tmp_path_factory.mktemp("ee")
    root = work / "root"
    (root / "docs" / "awx").mkdir(parents=True)
    (root / "build" / "release").mkdir(parents=True)
    shutil.copy(EE_DEFINITION, str(root / "docs" / "awx"))
    for name in ("requirements.txt", "bindep.txt"):
        shutil.copy(os.path.join(REPO, name), str(root / name))
    code, output = run([tool("ansible-galaxy"), "collection", "build", "--output-path", str(root / "build" / "release"), REPO],
                       str(work))
    assert code == 0, output
    tarballs = glob.glob(str(root / "build" / "release" / "*.tar.gz"))
    assert len(tarballs) == 1, tarballs
    context = work / "context"
    code, output = run([tool("ansible-builder"), "create", "-f", str(root / "docs" / "awx" / "execution-environment.yml"),
                        "--context", str(context), "--output-filename", "Containerfile"], str(work))
    assert code == 0, output
    assert "warning" not in output.lower(), output
    return {"work": work, "tarball": tarballs[0], "context": context, "create_output": output}


def test_collection_tarball_is_small_and_complete(ee_build):
    size = os.path.getsize(ee_build["tarball"])
    assert size < MAX_TARBALL_BYTES, "the collection tarball is %d bytes: check build_ignore in galaxy.yml" % size
    with tarfile.open(ee_build["tarball"]) as archive:
        names = set(archive.getnames())
    for needed in ("meta/execution-environment.yml", "meta/runtime.yml", "requirements.txt", "bindep.txt",
                   "plugins/module_utils/_client.py", "plugins/module_utils/_version.py", "COPYING", "CHANGELOG.rst",
                   "changelogs/changelog.yaml", "docs/docsite/links.yml", "docs/docsite/extra-docs.yml"):
        assert needed in names, "%s is missing from the tarball" % needed
    # Collections ship their tests: ansible-test runs them from the installed collection.
    for needed in ("tests/unit", "tests/integration", "tests/simulator/itflow_sim/__main__.py"):
        assert needed in names, "%s is missing from the tarball: tests/ ships" % needed
    tops = {name.split("/")[0] for name in names}
    for ignored in ("scripts", "bench", ".venv", ".cache", ".git", ".ci", "build", "requirements-dev.txt", "pytest.ini"):
        assert ignored not in tops, "%s is in the tarball: galaxy.yml's build_ignore should keep it out" % ignored
    leaked = sorted(name for name in names if name.startswith("tests/output") or "__pycache__" in name
                    or name.endswith((".pyc", ".tar.gz")) or "/.pytest_cache" in name)
    assert not leaked, "caches or outputs in the tarball: %s" % leaked[:10]


def test_build_context_holds_the_collection_and_its_requirements(ee_build):
    build = ee_build["context"] / "_build"
    assert (build / "collections" / os.path.basename(ee_build["tarball"])).is_file()
    assert requirement_names(str(build / "requirements.txt")) == requirement_names(os.path.join(REPO, "requirements.txt"))
    assert "requests" in requirement_names(str(build / "requirements.txt"))
    assert (build / "bindep.txt").read_text() == io.open(os.path.join(REPO, "bindep.txt"), encoding="utf-8").read()
    containerfile = (ee_build["context"] / "Containerfile").read_text()
    for expected in ("COPY _build/requirements.txt requirements.txt", "COPY _build/bindep.txt bindep.txt",
                     "--user-pip=requirements.txt", "--user-bindep=bindep.txt", "ansible-galaxy collection install",
                     "ansible-core==", "ansible-runner=="):
        assert expected in containerfile, "the Containerfile lacks %r" % expected


def test_installed_collection_gives_its_requirements_to_introspection(ee_build):
    """What the EE build does in its galaxy and builder stages: install from the context, then introspect."""
    installed = ee_build["work"] / "installed"
    env = dict(os.environ)
    env.update({"ANSIBLE_COLLECTIONS_PATH": str(installed), "ANSIBLE_GALAXY_DISABLE_GPG_VERIFY": "1", "ANSIBLE_NOCOLOR": "1"})
    build = ee_build["context"] / "_build"
    code, output = run([tool("ansible-galaxy"), "collection", "install", "--offline", "-r", "requirements.yml",
                        "--collections-path", str(installed)], str(build), env)
    assert code == 0, output
    # The append_galaxy step, as the galaxy stage runs it (/build is the context's _build, the glob expands there).
    step = append_galaxy_steps(load(EE_DEFINITION))[0][len("RUN "):]
    step = step.replace("$ANSIBLE_GALAXY_CLI_COLLECTION_OPTS", "").replace("/usr/share/ansible/collections", shlex.quote(str(installed)))
    step = step.replace("/build/", shlex.quote(str(build)) + "/").replace("ansible-galaxy", shlex.quote(tool("ansible-galaxy")), 1)
    code, output = run(["bash", "-c", step], str(build), env)
    assert code == 0, output
    collection = installed / "ansible_collections" / "itflow" / "itflow"
    meta = load(str(collection / "meta" / "execution-environment.yml"))
    for name in meta["dependencies"].values():
        assert (collection / name).is_file(), "the installed collection lacks %s" % name
    code, output = run([tool("ansible-builder"), "introspect", str(installed), "--user-pip", str(build / "requirements.txt"),
                        "--user-bindep", str(build / "bindep.txt")], str(ee_build["work"]), env)
    assert code == 0, output
    requirements = yaml.safe_load(output.split("---", 1)[1])
    assert any(entry.startswith("requests") and entry.endswith("# from collection itflow.itflow") for entry in requirements["python"]), output
    with io.open(os.path.join(REPO, "bindep.txt"), encoding="utf-8") as handle:
        packages = [line.strip() for line in handle if line.strip() and not line.lstrip().startswith("#")]
    for package in packages:
        assert any(entry.startswith(package) and "from collection itflow.itflow" in entry for entry in requirements["system"]), output
