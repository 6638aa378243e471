# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # What the resource modules share: they all run the same engine (module_utils/_engine.py).
    # Each option is documented once here; tests/unit/plugins/test_module_docs.py checks every module's
    # documentation, fragments resolved, against its argument spec and its resource definition.
    #
    # Where an option is documented twice, Ansible keeps the first: the module's own, then the fragments
    # in the order extends_documentation_fragment lists them. A module with other states than present
    # and absent therefore lists itflow.itflow.resource.archivable before itflow.itflow.resource, or
    # documents state itself.

    # Every resource module with an id option: the id, the usual states, and how writes are checked.
    DOCUMENTATION = r'''
options:
  state:
    description:
      - V(present) makes the record exist with the given values; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  id:
    description:
      - The record's ITFlow id. When given, the record is found by its id instead of by the options that identify it
        (see the description), and those options then set its values.
      - With a V(present) state a record with this id must exist; the module never creates one from an id.
    type: int
notes:
  - Only the options that are set are compared and sent. Every write is confirmed by reading the record back; a change
    is reported only when it happened.
  - When the server lacks the endpoint the desired state needs (see the notes on ITFlow versions), the module fails
    naming the endpoint. Check mode, which never writes, still reports the drift, and says so up front in the
    result's C(unsupported) list (operation, endpoint and the message the real run would fail with), also as a warning.
  - In check mode a record this task names that does not exist yet (a new client, its location...) is planned as
    created by an earlier task of the same run; it shows with "(new)" after its name in the drift, in the result's
    C(new_references) list and in a warning, so that a typo is still visible. Outside check mode it fails the task.
'''

    # A client's record, found by its client and name (a module that finds it otherwise documents name itself).
    RECORD = r'''
options:
  name:
    description: Name of the record, at most 200 characters. Required unless O(id) is given.
    type: str
  client:
    description:
      - The client the record belongs to, by name or id. Required unless O(id) is given.
      - Given together with O(id), it must be the record's own client.
    type: raw
'''

    # A client's record or a global one (ITFlow's client 0), found by its client and name.
    GLOBAL_RECORD = r'''
options:
  client:
    description:
      - The client the record belongs to, by name or id.
      - Leave it out for a global record (ITFlow's client 0, shared by all clients); without O(id), only global records
        are then matched.
      - Given together with O(id), it must be the record's own client.
    type: raw
  name:
    description: Name of the record, at most 200 characters. Required unless O(id) is given.
    type: str
'''

    # The states of a record ITFlow archives and unarchives (list it before itflow.itflow.resource).
    ARCHIVABLE = r'''
options:
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
