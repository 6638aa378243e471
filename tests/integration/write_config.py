#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""Write tests/integration/integration_config.yml: the ITFlow the integration targets run against.

ansible-test integration passes this file to every target as a vars file; the targets'
setup_itflow role checks it. test_targets.py passes the same variables, built by config_vars().
The file holds an API key: it is git-ignored and written with mode 0600.

    # a real ITFlow (use a test instance: clients cannot be deleted through the API)
    ITFLOW_URL=https://itflow.example.com ITFLOW_API_KEY=... ITFLOW_DECRYPT_PASSWORD=... \\
        ITFLOW_PROFILE=26.08 python tests/integration/write_config.py

    # a simulator started with --keys-file (scripts/integration.sh does this)
    python -m itflow_sim --profile 26.04 --seed empty --keys-file keys.json &
    python tests/integration/write_config.py --simulator keys.json

Variables: itflow_url, itflow_api_key, itflow_decrypt_password, itflow_profile (26.08, 26.04,
full: what the targets expect of the server) and itflow_validate_certs (ITFLOW_VALIDATE_CERTS).
"""

from __future__ import absolute_import, division, print_function

import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUTPUT = os.path.join(HERE, "integration_config.yml")
PROFILES = ("26.08", "26.04", "full")
_FALSE = ("0", "false", "no", "off", "n", "f")


def config_vars(url, api_key, decrypt_password="", profile="26.08", validate_certs=True):
    """The variables the targets read, in the order the file lists them."""
    return [
        ("itflow_url", str(url).rstrip("/")),
        ("itflow_api_key", str(api_key)),
        ("itflow_decrypt_password", str(decrypt_password or "")),
        ("itflow_profile", str(profile)),
        ("itflow_validate_certs", bool(validate_certs)),
    ]


def from_environment(environ=None):
    """The variables for the server in ITFLOW_URL / ITFLOW_API_KEY (None when they are not both set)."""
    environ = os.environ if environ is None else environ
    if not (environ.get("ITFLOW_URL") and environ.get("ITFLOW_API_KEY")):
        return None
    validate = str(environ.get("ITFLOW_VALIDATE_CERTS", "true")).strip().lower() not in _FALSE
    return config_vars(environ["ITFLOW_URL"], environ["ITFLOW_API_KEY"], environ.get("ITFLOW_DECRYPT_PASSWORD", ""),
                       environ.get("ITFLOW_PROFILE") or "26.08", validate)


def from_simulator(keys_file, key="admin"):
    """The variables for a simulator from the keys file it wrote (python -m itflow_sim --keys-file)."""
    with open(keys_file, encoding="utf-8") as handle:
        document = json.load(handle)
    entry = document["keys"][key]
    return config_vars(document["url"], entry["api_key"], entry.get("decrypt_password") or "", document["profile"], True)


def render(values):
    """YAML text of the variables (every string quoted as JSON, which YAML reads unchanged)."""
    lines = ["---", "# Written by tests/integration/write_config.py; holds an API key: do not commit (git-ignored)."]
    for name, value in values:
        lines.append("%s: %s" % (name, json.dumps(value)))
    return "\n".join(lines) + "\n"


def write(path, values):
    """Write the file readable by its owner only."""
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        os.makedirs(directory)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(render(values))
    os.chmod(path, 0o600)
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write the integration_config.yml that ansible-test integration passes to the targets.")
    parser.add_argument("--simulator", metavar="KEYS_FILE", help="a running simulator's keys file (python -m itflow_sim --keys-file)")
    parser.add_argument("--output", default=DEFAULT_OUTPUT, help="where to write it (default: %(default)s)")
    args = parser.parse_args(argv)
    values = from_simulator(args.simulator) if args.simulator else from_environment()
    if values is None:
        parser.error("set ITFLOW_URL and ITFLOW_API_KEY (and ITFLOW_DECRYPT_PASSWORD, ITFLOW_PROFILE), or give --simulator KEYS_FILE")
    profile = dict(values)["itflow_profile"]
    if profile not in PROFILES:
        parser.error("ITFLOW_PROFILE must be one of %s, not %r" % (", ".join(PROFILES), profile))
    write(args.output, values)
    print("wrote %s for %s (profile %s)" % (args.output, dict(values)["itflow_url"], profile))
    return 0


if __name__ == "__main__":
    sys.exit(main())
