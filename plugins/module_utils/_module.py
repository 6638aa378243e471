# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Glue between AnsibleModule and the client/engine: connection options and the top level.

Only ``run_resource_module`` calls ``fail_json``; everything below raises typed errors.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import traceback

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.itflow.itflow.plugins.module_utils._client import (
    DEFAULT_PAGE_SIZE,
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    ITFlowClient,
)
from ansible_collections.itflow.itflow.plugins.module_utils._engine import Engine
from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowError

CONNECTION_ARGSPEC = dict(
    url=dict(type="str", fallback=(env_fallback, ["ITFLOW_URL"])),
    api_key=dict(type="str", no_log=True, fallback=(env_fallback, ["ITFLOW_API_KEY"])),
    decrypt_password=dict(type="str", no_log=True, fallback=(env_fallback, ["ITFLOW_DECRYPT_PASSWORD"])),
    validate_certs=dict(type="bool", default=True, fallback=(env_fallback, ["ITFLOW_VALIDATE_CERTS"])),
    ca_path=dict(type="path", fallback=(env_fallback, ["ITFLOW_CA_PATH"])),
    timeout=dict(type="float", default=30, fallback=(env_fallback, ["ITFLOW_TIMEOUT"])),
    retries=dict(type="int", default=3, fallback=(env_fallback, ["ITFLOW_RETRIES"])),
    retry_backoff=dict(type="float", default=1.0, fallback=(env_fallback, ["ITFLOW_RETRY_BACKOFF"])),
    page_size=dict(type="int", default=DEFAULT_PAGE_SIZE, fallback=(env_fallback, ["ITFLOW_PAGE_SIZE"])),
    key_model=dict(type="str", default="auto", choices=["auto", "user", "client"], fallback=(env_fallback, ["ITFLOW_KEY_MODEL"])),
)


def connection_spec(extra):
    spec = dict((k, dict(v)) for k, v in CONNECTION_ARGSPEC.items())
    spec.update(extra)
    return spec


def client_from_params(params, log=None):
    return ITFlowClient(
        url=params.get("url"), api_key=params.get("api_key"), validate_certs=params.get("validate_certs"),
        ca_path=params.get("ca_path"), timeout=params.get("timeout"), retries=params.get("retries"),
        retry_backoff=params.get("retry_backoff"), page_size=params.get("page_size"),
        decrypt_password=params.get("decrypt_password"), key_model=params.get("key_model") or "auto", log=log)


def connection_problem(params):
    """What is wrong with the connection options (before the client is made), or None."""
    for option, low, strict in (("timeout", 0, True), ("retries", 0, False), ("retry_backoff", 0, False), ("page_size", 1, False)):
        value = params.get(option)
        if value is not None and (value <= low if strict else value < low):
            return "%s must be %s %s, not %s (ITFLOW_%s sets it too)." % (
                option, "greater than" if strict else "at least", low, value, option.upper())
    if params.get("ca_path") and params.get("validate_certs") is False:
        return ("ca_path and validate_certs=false contradict each other: ca_path makes ITFlow's certificate be checked against "
                "that CA bundle. Remove ca_path (ITFLOW_CA_PATH) to skip the check, or validate_certs to use the bundle.")
    return None


def new_module(argument_spec, module_class=AnsibleModule, **kwargs):
    kwargs.setdefault("supports_check_mode", True)
    module = module_class(argument_spec=connection_spec(argument_spec), **kwargs)
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
    problem = connection_problem(module.params)
    if problem:
        module.fail_json(msg=problem)
    return module


def fail(module, exc, **extra):
    """Fail with one clear line; the traceback only reaches -vvv output."""
    details = dict(extra)
    if getattr(exc, "endpoint", None):
        details["endpoint"] = exc.endpoint
    if getattr(exc, "status", None):
        details["status"] = exc.status
    if getattr(exc, "server_message", None):
        details["itflow_message"] = exc.server_message
    module.fail_json(msg=str(exc), exception=traceback.format_exc(), **details)


def run_resource_module(resource, argument_spec, **kwargs):
    """The whole of a resource module after its documentation and argument spec."""
    module = new_module(argument_spec, **kwargs)
    client = None
    result = {}
    try:
        client = client_from_params(module.params, log=module.debug)
        engine = Engine(client, resource, check_mode=module.check_mode)
        result = engine.run(module.params)
    except ITFlowError as exc:
        fail(module, exc)
    finally:
        if client is not None:
            client.close()
    if not module._diff:
        result.pop("diff", None)
    module.exit_json(**result)
