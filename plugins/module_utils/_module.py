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

from ansible_collections.itflow.itflow.plugins.module_utils._client import HAS_REQUESTS, REQUESTS_IMPORT_ERROR
from ansible_collections.itflow.itflow.plugins.module_utils._connection import (  # noqa: F401 pylint: disable=unused-import
    argument_spec as connection_argument_spec,
    client_from_values,
    connection_problem,
)
from ansible_collections.itflow.itflow.plugins.module_utils._engine import Engine
from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowError
from ansible_collections.itflow.itflow.plugins.module_utils._registry import RESOURCES

CONNECTION_ARGSPEC = connection_argument_spec(env_fallback)


def connection_spec(extra):
    spec = dict((k, dict(v)) for k, v in CONNECTION_ARGSPEC.items())
    spec.update(extra)
    return spec


def client_from_params(params, log=None):
    return client_from_values(params, log=log)


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
    if getattr(exc, "changed", False):
        details["changed"] = True  # a write was sent and may have been applied
    module.fail_json(msg=str(exc), exception=traceback.format_exc(), **details)


def run_with_client(module, work):
    """Run ``work(client)`` with the client built from the module's options; its result, ready to return.

    Errors end the module with one line (fail); the diff is dropped unless --diff; warnings are issued.
    """
    client = None
    result = {}
    try:
        client = client_from_params(module.params, log=module.debug)
        result = work(client)
    except ITFlowError as exc:
        fail(module, exc)
    finally:
        if client is not None:
            client.close()
    if not module._diff:
        result.pop("diff", None)
    for warning in result.pop("warnings", []):
        module.warn(warning)
    return result


def run_resource_module(name):
    """The whole of a resource module after its documentation: the argument spec comes from the resource's definition."""
    resource = RESOURCES[name]
    module = new_module(resource.argument_spec(), required_one_of=resource.required_one_of())
    result = run_with_client(module, lambda client: Engine(client, resource, check_mode=module.check_mode).run(module.params))
    module.exit_json(**result)
