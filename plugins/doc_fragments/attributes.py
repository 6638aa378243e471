# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Attributes of the resource modules.
    DOCUMENTATION = r'''
attributes:
  check_mode:
    description: Can run in check mode and return the same changed status and diff a real run would, without writing.
    support: full
  diff_mode:
    description: Returns the whole record before and after (secrets masked) when --diff is used.
    support: full
  action_group:
    description: Use C(group/itflow.itflow.itflow) in C(module_defaults) to set the connection options once.
    support: full
    membership:
      - itflow.itflow.itflow
'''
