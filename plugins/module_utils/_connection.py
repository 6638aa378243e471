# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection options every module and plugin shares: names, types, defaults, environment
variables, their validation, and the client built from them.

Modules read them through AnsibleModule (``_module.py``), plugins through ``get_option``
(``plugin_utils/_common.py``), the event source from its arguments; all three build the
client here, so an option means the same everywhere.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils._client import DEFAULT_PAGE_SIZE, ITFlowClient

# name: (AnsibleModule type, default, secret). Each has the environment fallback ITFLOW_<NAME>.
OPTIONS = (
    ("url", "str", None, False),
    ("api_key", "str", None, True),
    ("decrypt_password", "str", None, True),
    ("validate_certs", "bool", True, False),
    ("ca_path", "path", None, False),
    ("timeout", "float", 30, False),
    ("retries", "int", 3, False),
    ("retry_backoff", "float", 1.0, False),
    ("page_size", "int", DEFAULT_PAGE_SIZE, False),
    ("key_model", "str", "auto", False),
    ("parallel_pages", "int", 4, False),  # _client.DEFAULT_PARALLEL_PAGES
)
NAMES = tuple(o[0] for o in OPTIONS)
DEFAULTS = dict((o[0], o[2]) for o in OPTIONS if o[2] is not None)
SECRETS = tuple(o[0] for o in OPTIONS if o[3])
KEY_MODELS = ("auto", "user", "client")


def env_var(name):
    return "ITFLOW_" + name.upper()


def argument_spec(env_fallback):
    """The AnsibleModule argument spec of the connection options (``env_fallback`` from ansible.module_utils.basic)."""
    spec = {}
    for name, kind, default, secret in OPTIONS:
        entry = dict(type=kind, fallback=(env_fallback, [env_var(name)]))
        if default is not None:
            entry["default"] = default
        if secret:
            entry["no_log"] = True
        if name == "key_model":
            entry["choices"] = list(KEY_MODELS)
        spec[name] = entry
    return spec


def connection_problem(params):
    """What is wrong with the connection options (before the client is made), or None."""
    for option, low, strict in (("timeout", 0, True), ("retries", 0, False), ("retry_backoff", 0, False), ("page_size", 1, False),
                                ("parallel_pages", 1, False)):
        value = params.get(option)
        if value is not None and (value <= low if strict else value < low):
            return "%s must be %s %s, not %s (%s sets it too)." % (
                option, "greater than" if strict else "at least", low, value, env_var(option))
    if params.get("ca_path") and params.get("validate_certs") is False:
        return ("ca_path and validate_certs=false contradict each other: ca_path makes ITFlow's certificate be checked against "
                "that CA bundle. Remove ca_path (ITFLOW_CA_PATH) to skip the check, or validate_certs to use the bundle.")
    if params.get("key_model") not in (None,) + KEY_MODELS:
        return "key_model must be one of %s, not %r (ITFLOW_KEY_MODEL sets it too)." % (", ".join(KEY_MODELS), params.get("key_model"))
    return None


def client_from_values(values, log=None):
    """The shared client from a dict of connection option values (missing ones take their defaults)."""
    merged = dict(DEFAULTS)
    merged.update((k, v) for k, v in values.items() if k in NAMES and v is not None)
    return ITFlowClient(
        url=merged.get("url"), api_key=merged.get("api_key"), validate_certs=merged["validate_certs"],
        ca_path=merged.get("ca_path"), timeout=merged["timeout"], retries=merged["retries"],
        retry_backoff=merged["retry_backoff"], page_size=merged["page_size"],
        decrypt_password=merged.get("decrypt_password"), key_model=merged["key_model"], log=log,
        parallel_pages=merged["parallel_pages"])
