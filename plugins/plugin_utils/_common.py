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

from ansible_collections.itflow.itflow.plugins.module_utils._connection import DEFAULTS, NAMES, client_from_values, connection_problem
from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowError

CONNECTION_OPTIONS = NAMES


class ITFlowPluginError(AnsibleError):
    """An ITFlowError as a plugin reports it: one line, no traceback below -vvv."""


def client_from_options(get_option, log=None):
    """Build the shared client from a plugin's get_option (inventory, lookup)."""
    values = {}
    for name in NAMES:
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
        return client_from_values(values, log=log)
    except ITFlowError as exc:
        raise ITFlowPluginError(str(exc))


def plugin_error(exc, what):
    """Turn a client error into the plugin's error, saying which plugin failed."""
    return ITFlowPluginError("%s: %s" % (what, exc))
