# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Concurrency: a lock on the controller around find -> create -> verify, and a duplicate check after every create.

ITFlow keeps no natural key unique (two assets may share a name in one client), so two runs that
declare the same new record at the same moment can both find nothing and both create it.

* On one controller (one host running the modules) the engine serializes them: a single-record run
  takes an exclusive ``fcntl.flock`` on a lock file keyed by a hash of the server URL, the resource,
  the client and the natural key, and holds it from the find to the read-back of its create, so the
  second run finds the first one's record. It also holds a shared lock on the (server, resource,
  client) scope, which ``itflow_bulk`` takes exclusively for its whole task (bulk reads everything
  first and writes afterwards). flock locks die with their process: there are no stale locks.
* Across controllers nothing can serialize: after a create the engine reads the records matching the
  natural key again and, if more than one does, fails naming the resource, the key and every id. It
  never deletes one itself (either may already be used elsewhere).

Lock files live in ``ITFLOW_LOCK_DIR`` (default: a private ``itflow.itflow-locks-<uid>`` folder in the
system's temporary directory). Their names are hash buckets (``record-0042.lock``), so the folder holds
at most a few hundred empty files and neither name nor content reveals a server, key or record; two
records that share a bucket are merely serialized too. ``ITFLOW_LOCK_TIMEOUT`` (seconds, default 60)
bounds the wait. Where ``fcntl`` does not exist (Windows), no lock is taken and the duplicate check
alone applies.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import errno
import hashlib
import json
import os
import stat
import tempfile
import time

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock; the duplicate check still applies
    fcntl = None

from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowAmbiguous, ITFlowError, ITFlowInputError

DEFAULT_TIMEOUT = 60.0
RECORD_BUCKETS = 1024
SCOPE_BUCKETS = 256
POLL_SECONDS = 0.05


class ITFlowLockTimeout(ITFlowError):
    """Another process on this host held the lock for longer than the timeout."""


def lock_dir():
    """The folder of the lock files, created private (0700) if missing."""
    configured = os.environ.get("ITFLOW_LOCK_DIR")
    if configured:
        path = os.path.abspath(os.path.expanduser(configured))
    else:
        uid = os.getuid() if hasattr(os, "getuid") else 0
        path = os.path.join(tempfile.gettempdir(), "itflow.itflow-locks-%d" % uid)
    try:
        os.makedirs(path, 0o700)
    except OSError as exc:
        if exc.errno != errno.EEXIST:
            raise ITFlowInputError("Cannot create the lock folder %s (%s). Set ITFLOW_LOCK_DIR to a writable folder." % (path, exc.strerror))
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode):
        raise ITFlowInputError("The lock folder %s is not a folder (a symbolic link is refused). Set ITFLOW_LOCK_DIR to a folder of yours." % path)
    if not configured and hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
        raise ITFlowInputError("The lock folder %s belongs to another user or is writable by others, so it is not used. Remove it, "
                               "or set ITFLOW_LOCK_DIR to a folder of yours." % path)
    return path


def lock_timeout():
    text = os.environ.get("ITFLOW_LOCK_TIMEOUT")
    if text in (None, ""):
        return DEFAULT_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if value < 0:
        raise ITFlowInputError("ITFLOW_LOCK_TIMEOUT must be a number of seconds (0 or more), not %r." % text)
    return value


def lock_name(kind, parts, buckets):
    """A file name from a hash of ``parts``: nothing in it can be read back."""
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode("utf-8")).hexdigest()
    return "%s-%04d.lock" % (kind, int(digest[:12], 16) % buckets)


class FileLock(object):
    """One flock on one lock file: exclusive, or shared (several holders)."""

    def __init__(self, path, exclusive=True, what="this record"):
        self.path = path
        self.exclusive = exclusive
        self.what = what
        self.fd = None

    def _open(self):
        flags = os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            try:
                return os.open(self.path, flags | os.O_RDWR, 0o600)
            except OSError as exc:
                if exc.errno != errno.EACCES:
                    raise
                return os.open(self.path, flags | os.O_RDONLY, 0o600)  # another user's lock file in a shared ITFLOW_LOCK_DIR
        except OSError as exc:
            raise ITFlowInputError("Cannot open the lock file %s (%s). Set ITFLOW_LOCK_DIR to a folder of yours." % (self.path, exc.strerror))

    def acquire(self, timeout):
        self.fd = self._open()
        mode = fcntl.LOCK_EX if self.exclusive else fcntl.LOCK_SH
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(self.fd, mode | fcntl.LOCK_NB)
                return self
            except (IOError, OSError) as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    os.close(self.fd)
                    self.fd = None
                    raise ITFlowInputError("Cannot lock %s (%s): put the lock files on a local file system with ITFLOW_LOCK_DIR." % (
                        self.path, exc.strerror))
            if time.monotonic() >= deadline:
                self.release()
                raise ITFlowLockTimeout(
                    "Waited %g s for another itflow.itflow task on this host that is writing %s (lock file %s) and gave up. "
                    "A lock is only held by a running task (it ends with its process), so another play or fork is creating "
                    "or changing the same record, or an itflow_bulk task is writing this client's records. Let it finish, "
                    "or set ITFLOW_LOCK_TIMEOUT to wait longer." % (timeout, self.what, self.path))
            time.sleep(POLL_SECONDS)

    def release(self):
        if self.fd is None:
            return
        try:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        finally:
            os.close(self.fd)
            self.fd = None


def scope_parts(client, res, client_id):
    return [getattr(client, "base_url", ""), res.module, client_id if res.client_scoped else None]


def _scope_text(res, client_id):
    return "%s of client %s" % (res.plural_label, client_id) if res.client_scoped and client_id is not None else res.plural_label


class TaskGuard(object):
    """itflow_bulk's lock: the whole (server, resource, client) scope, exclusively, from its read to its verification."""

    def __init__(self):
        self.held = []

    def acquire(self, client, res, client_id, check_mode):
        if check_mode or fcntl is None:
            return
        path = os.path.join(lock_dir(), lock_name("scope", scope_parts(client, res, client_id), SCOPE_BUCKETS))
        self.held.append(FileLock(path, True, "the %s" % _scope_text(res, client_id)).acquire(lock_timeout()))

    def release(self):
        while self.held:
            self.held.pop().release()


class RecordGuard(TaskGuard):
    """Engine.run's guard: the locks of one single-record run, and the duplicate check after its create."""

    def __init__(self, client, res, finder):
        super(RecordGuard, self).__init__()
        self.client = client
        self.res = res
        self.finder = finder
        self.params = None
        self.active = False

    def scope(self, params, active=True):
        """Guard one run; ``active`` is false where nothing is written (check mode) or itflow_bulk holds its scope lock."""
        self.params = params
        self.active = active
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.release()
        self.params = None
        return False

    def acquire_record(self, client_id):
        """Lock the record the params name before it is looked for (only when this run could create it)."""
        params = self.params or {}
        if not self.active or fcntl is None:
            return
        if params.get("id") is not None or params.get("state") == "absent":
            return
        res, finder = self.res, self.finder
        folder, timeout = lock_dir(), lock_timeout()
        scope = scope_parts(self.client, res, client_id)
        record = scope + [finder.parent_id, list(finder.key_of_params(params))]
        what = "the %s %s" % (res.label, finder.key_text(params))
        self.held.append(FileLock(os.path.join(folder, lock_name("scope", scope, SCOPE_BUCKETS)), False, what).acquire(timeout))
        self.held.append(FileLock(os.path.join(folder, lock_name("record", record, RECORD_BUCKETS)), True, what).acquire(timeout))

    def check_created(self, row, client_id):
        """After a create: fail if the natural key now matches more than the record this run made."""
        if self.params is None or self.params.get("id") is not None:
            return
        ids = self.finder.matching_ids(self.finder.key_rows(self.params, client_id), self.params)
        if len(ids) > 1:
            raise duplicate_error(self.finder, self.params, client_id, ids, self.res.record_id(row))


def duplicate_error(finder, params, client_id, ids, new_id):
    res = finder.res
    where = " in client %s" % client_id if res.client_scoped and client_id else ""
    others = [i for i in ids if i != new_id]
    return ITFlowAmbiguous(
        "Duplicate %s: right after this run created %s id %s, %d %s records match %s%s (ids %s). Another run, on another "
        "controller or host, created the same record at the same moment; ITFlow keeps no natural key unique. Nothing was "
        "deleted automatically: keep one and remove the other(s), e.g. with id: %s and state: absent." % (
            res.label, res.label, new_id, len(ids), res.label, finder.key_text(params), where, ", ".join(str(i) for i in ids),
            others[0] if others else new_id))


def duplicate_errors(finder, rows, created):
    """For deferred creates (itflow_bulk): {record id: message} for each whose natural key now matches several records."""
    res = finder.res
    index = None
    if finder.preloaded is not None and finder.preloaded["by_key"] is not None:
        index = {}
        for row in rows:
            index.setdefault(finder.key_of_row(row), []).append(res.record_id(row))
    clients = dict((res.record_id(r), res.record_client(r)) for r in rows)
    errors = {}
    for record_id, values in created:
        ids = index.get(finder.key_of_params(values), []) if index is not None else finder.matching_ids(rows, values)
        if len(ids) > 1:
            errors[record_id] = str(duplicate_error(finder, values, clients.get(record_id), ids, record_id))
    return errors
