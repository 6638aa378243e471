# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The registry of resource records, by singular name ("asset") and by endpoint folder ("assets")."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils import _records_core, _records_docs, _records_secure
from ansible_collections.itflow.itflow.plugins.module_utils._resource import Resource

RESOURCES = {}
for _mod in (_records_core, _records_docs, _records_secure):
    for _value in vars(_mod).values():
        if isinstance(_value, Resource):
            RESOURCES[_value.name] = _value

BY_MODULE = dict((r.module, r) for r in RESOURCES.values())
