# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What plugins (inventory, lookup) add to the shared client: how options are read and how it fails.

The HTTP stack is the modules' one (module_utils/_client.py); nothing here talks HTTP.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible.errors import AnsibleError

from ansible_collections.itflow.itflow.plugins.module_utils._client import DEFAULT_PAGE_SIZE, ITFlowClient
from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowError
from ansible_collections.itflow.itflow.plugins.module_utils._module import connection_problem

CONNECTION_OPTIONS = ("url", "api_key", "decrypt_password", "validate_certs", "ca_path", "timeout", "retries",
                      "retry_backoff", "page_size", "key_model")

DEFAULTS = {"validate_certs": True, "timeout": 30, "retries": 3, "retry_backoff": 1.0, "page_size": DEFAULT_PAGE_SIZE,
            "key_model": "auto"}


class ITFlowPluginError(AnsibleError):
    """An ITFlowError as a plugin reports it: one line, no traceback below -vvv."""


def client_from_options(get_option, log=None):
    """Build the shared client from a plugin's get_option (inventory, lookup)."""
    values = {}
    for name in CONNECTION_OPTIONS:
        value = get_option(name)
        values[name] = DEFAULTS.get(name) if value is None else value
    # An empty ca_path (AWX injects ITFLOW_CA_PATH="" for a credential without a CA bundle) means
    # "no bundle", as in the modules; ca_path is a str option so that ansible-core does not turn
    # the empty value into the current directory.
    if values["ca_path"]:
        values["ca_path"] = os.path.expanduser(os.path.expandvars(values["ca_path"]))
    else:
        values["ca_path"] = None
    problem = connection_problem(values)
    if problem:
        raise ITFlowPluginError(problem)
    try:
        return ITFlowClient(
            url=values["url"], api_key=values["api_key"], validate_certs=values["validate_certs"], ca_path=values["ca_path"],
            timeout=values["timeout"], retries=values["retries"], retry_backoff=values["retry_backoff"],
            page_size=values["page_size"], decrypt_password=values["decrypt_password"], key_model=values["key_model"], log=log)
    except ITFlowError as exc:
        raise ITFlowPluginError(str(exc))


def plugin_error(exc, what):
    """Turn a client error into the plugin's error, saying which plugin failed."""
    return ITFlowPluginError("%s: %s" % (what, exc))
