"""Offline stand-in for ansible-test's pip bootstrap script (get-pip-<version>.py).

ansible-test creates a virtual environment (without pip) for each sanity test and bootstraps
pip into it by running ``get-pip-<version>.py``, which it downloads from ansible's CI file host
and caches as ``~/.ansible/test/cache/get_pip_<version_with_underscores>.py``. That host is not
reachable from our development and CI machines (only the package registries are), so
``scripts/test.sh`` copies this file to the cache path when the real script is absent and
cannot be downloaded.

What it does, run by the new virtual environment's interpreter with the arguments ansible-test
gives get-pip (for example ``--disable-pip-version-check pip==24.2 --no-setuptools --no-wheel``):

1. bootstrap the pip bundled with the standard library (``ensurepip``);
2. run ``python -m pip install <the same arguments minus --no-setuptools/--no-wheel>``, which
   fetches the exact pip version ansible-test pinned from PyPI, as the real get-pip would.

``ensurepip`` removes every ``PIP_*`` variable from ``os.environ`` and sets
``PIP_CONFIG_FILE=/dev/null`` while it runs; in this process that would hide the machine's pip
configuration (index, certificate bundle) from step 2 and fail with certificate errors. So
ensurepip runs in a child process, and ``PIP_CONFIG_FILE`` is dropped from our environment if it
points at /dev/null anyway (left there by an enclosing ensurepip). See docs/dev/testing.md.
"""

import os
import subprocess
import sys

# Options only get-pip itself understands; pip install would reject them.
GET_PIP_ONLY_OPTIONS = frozenset(("--no-setuptools", "--no-wheel"))


def main():
    """Bootstrap pip with ensurepip, then install what ansible-test asked for."""
    bootstrap = subprocess.run(
        [sys.executable, "-m", "ensurepip", "--upgrade", "--default-pip"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        check=False,
    )
    if bootstrap.returncode != 0:
        sys.stdout.write(bootstrap.stdout.decode("utf-8", "replace"))
        return bootstrap.returncode

    env = dict(os.environ)
    if env.get("PIP_CONFIG_FILE") == os.devnull:
        del env["PIP_CONFIG_FILE"]

    args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY_OPTIONS]

    return subprocess.call([sys.executable, "-m", "pip", "install"] + args, env=env)


if __name__ == "__main__":
    sys.exit(main())
