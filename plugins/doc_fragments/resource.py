# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Each option's documentation once; the fragments below combine them (a fragment cannot extend another).
_ID = r'''
  id:
    description:
      - The record's ITFlow id. When given, the record is found by its id instead of by the options that identify it
        (see the description), and those options then set its values.
      - With a V(present) state a record with this id must exist; the module never creates one from an id.
    type: int
'''

_NAME = r'''
  name:
    description: Name of the record, at most 200 characters. Required unless O(id) is given.
    type: str
'''

# A client-scoped record: it always belongs to a client.
_CLIENT = r'''
  client:
    description:
      - The client the record belongs to, by name or id. Required unless O(id) is given.
      - Given together with O(id), it must be the record's own client.
    type: raw
'''

# A record that may belong to no client: ITFlow's client 0.
_CLIENT_GLOBAL = r'''
  client:
    description:
      - The client the record belongs to, by name or id.
      - Leave it out for a global record (ITFlow's client 0, shared by all clients); without O(id), only global records
        are then matched.
      - Given together with O(id), it must be the record's own client.
    type: raw
'''

# Resources without an archive: present and absent.
_STATE = r'''
  state:
    description:
      - V(present) makes the record exist with the given values; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
'''

# Resources ITFlow archives (its <module>/archive.php and unarchive.php).
_STATE_ARCHIVED = r'''
  state:
    description:
      - V(present) makes the record exist with the given values and be active (an archived record is unarchived).
      - V(archived) makes it exist with the given values and be archived (ITFlow's C(<module>/archive.php), such as
        C(clients/archive.php)).
      - V(absent) deletes it.
    type: str
    choices: [present, archived, absent]
    default: present
'''


def _options(*parts):
    return "\noptions:" + "".join(parts)


class ModuleDocFragment(object):
    # What every resource module (itflow_client, itflow_asset, ...) shares: they all run the same engine.
    # The named fragments (itflow.itflow.resource.record, ...) add the options that are true for a module;
    # tests/unit/plugins/test_module_docs.py checks them against the resource definitions.
    DOCUMENTATION = r'''
options: {}
notes:
  - Only the options that are set are compared and sent. Every write is confirmed by reading the record back; a change
    is reported only when it happened.
  - When the server lacks the endpoint the desired state needs (see the notes on ITFlow versions), the module fails
    naming the endpoint; check mode, which never writes, still reports the drift.
'''

    # A client's record, found by client and name, or by id.
    RECORD = _options(_STATE, _ID, _CLIENT, _NAME)
    # A client's record or a global one, found by client (none: global) and name, or by id.
    GLOBAL_RECORD = _options(_STATE, _ID, _CLIENT_GLOBAL, _NAME)
    # A record ITFlow archives, found by id or by the options the module names.
    ARCHIVABLE = _options(_STATE_ARCHIVED, _ID)
    ID = _options(_ID)
    NAME = _options(_NAME)
    CLIENT = _options(_CLIENT)
