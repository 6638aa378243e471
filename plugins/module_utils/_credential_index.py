# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A small local index: (server, client id, credential name) -> credential id.

ITFlow decrypts every credential a list read returns (about 0.2 s each on a real server), and
it has no name filter for credentials, so finding one by name means reading them all. With
this index a credential seen before is found by one read by id (0.23 s), which the caller
must use to confirm the hit: the name and client must still match, else the caller forgets
the entry and reads the list.

What is kept: the server's normalised URL, client ids, credential names folded as the engine
compares them, and ids. No secret: not the API key, not the decrypt password, nothing a
credential holds. The file is ``$XDG_CACHE_HOME/itflow.itflow/credential-index.json`` (or
``~/.cache/...``), mode 0600, written to a temporary file and renamed; every save re-reads the
file under a lock and applies only this process's changes, so parallel forks do not lose each
other's entries. A corrupt or unreadable file is ignored (and rewritten on the next save); an
index that cannot be written is skipped silently: it only ever saves time.

Off with ``credential_index: false`` or ``ITFLOW_CREDENTIAL_INDEX=false``; the file is moved
with ``ITFLOW_CREDENTIAL_INDEX_PATH``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import errno
import json
import os
import tempfile

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None

ENV_ENABLED = "ITFLOW_CREDENTIAL_INDEX"
ENV_PATH = "ITFLOW_CREDENTIAL_INDEX_PATH"
FILE_NAME = "credential-index.json"
FORMAT = 1
_TRUE = ("1", "true", "yes", "on", "y", "t")
_FALSE = ("0", "false", "no", "off", "n", "f")
_DEFAULT_PORTS = {"http": "80", "https": "443"}


def default_path():
    """``$XDG_CACHE_HOME/itflow.itflow/credential-index.json``, or under ``~/.cache``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "itflow.itflow", FILE_NAME)


def enabled_from(value=None):
    """The option's value (bool or text), else ITFLOW_CREDENTIAL_INDEX, else on."""
    if value is None:
        value = os.environ.get(ENV_ENABLED)
    if value is None or value == "":
        return True
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _FALSE:
        return False
    return True if text in _TRUE else bool(text)


def server_key(url):
    """The server as the index names it: scheme and host in lower case, no default port, no user
    information, no trailing slash or ``/api/v1``. Never the API key."""
    text = str(url or "").strip()
    scheme, sep, rest = text.partition("://")
    if not sep:
        scheme, rest = "https", text
    scheme = scheme.lower()
    host, slash, path = rest.partition("/")
    host = host.rpartition("@")[2].lower()  # user:password@host: the user information is dropped
    name, colon, port = host.rpartition(":")
    if colon and port == _DEFAULT_PORTS.get(scheme) and "]" not in port:
        host = name
    path = (slash + path).split("?")[0].split("#")[0].rstrip("/")
    for suffix in ("/api/v1", "/api"):
        if path.lower().endswith(suffix):
            path = path[:-len(suffix)]
    return "%s://%s%s" % (scheme, host, path)


def default_fold(name):
    """How names are compared when the engine gives no fold of its own: trimmed, case-folded."""
    return str(name).strip().casefold()


def _client_key(client_id):
    try:
        return str(int(client_id or 0))
    except (TypeError, ValueError):
        return "0"


def _id(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


class CredentialIndex(object):
    """The index. Every method is safe to call when the index is off (``enabled=False``): it does nothing."""

    def __init__(self, path=None, enabled=True, fold=None, log=None):
        self.path = os.path.abspath(os.path.expanduser(path or os.environ.get(ENV_PATH) or default_path()))
        self.enabled = bool(enabled)
        self.fold = fold or default_fold
        self.error = None  # the last reason the file could not be read or written
        self._log = log

    @classmethod
    def from_options(cls, enabled=None, path=None, fold=None, log=None):
        """From the module option ``credential_index`` (and a path option), with their environment fallbacks."""
        return cls(path=path, enabled=enabled_from(enabled), fold=fold, log=log)

    # ------------------------------------------------------------------ the API
    def lookup(self, url, client_id, name):
        """The one id known for ``name`` in ``client_id`` (None: any client), or None (unknown or not unique)."""
        if not self.enabled or name is None:
            return None
        folded = self.fold(name)
        clients = self._load().get("servers", {}).get(server_key(url), {})
        if client_id is None:
            ids = set()
            for names in clients.values():
                ids.update(names.get(folded, []))
        else:
            ids = set(clients.get(_client_key(client_id), {}).get(folded, []))
        return ids.pop() if len(ids) == 1 else None

    def confirm(self, url, client_id, name, credential_id, row):
        """Whether ``row``, the read by id of a ``lookup`` hit (None: nothing came back), still is ``name`` in
        ``client_id`` (None: any client). When it is not, the entry is forgotten and the caller reads the list."""
        same = (isinstance(row, dict) and _id(row.get("credential_id")) == _id(credential_id)
                and row.get("credential_name") not in (None, False) and self.fold(row["credential_name"]) == self.fold(name)
                and (client_id is None or _client_key(row.get("credential_client_id")) == _client_key(client_id)))
        if not same:
            self.forget(url, client_id, name=name, credential_id=credential_id)
        return same

    def remember(self, url, client_id, name, credential_id):
        """``name`` in ``client_id`` (None: a global credential, client 0) is ``credential_id`` (after a create or a
        confirmed find). Another id known under the same name stays: a duplicate name then makes lookup say None."""
        credential_id = _id(credential_id)
        if not self.enabled or credential_id is None or name is None:
            return
        folded, client = self.fold(name), _client_key(client_id)

        def change(clients):
            _drop_id(clients, credential_id)
            ids = clients.setdefault(client, {}).setdefault(folded, [])
            if credential_id not in ids:
                ids.append(credential_id)
        self._update(url, change)

    def forget(self, url, client_id, name=None, credential_id=None):
        """Drop ``name`` in ``client_id``, or ``credential_id`` wherever it is (a hit the by-id read did not confirm)."""
        if not self.enabled:
            return
        credential_id = _id(credential_id)
        folded = None if name is None else self.fold(name)

        def change(clients):
            if credential_id is not None:
                _drop_id(clients, credential_id)
            if folded is not None:
                targets = clients.values() if client_id is None else [clients.get(_client_key(client_id), {})]
                for names in targets:
                    names.pop(folded, None)
        self._update(url, change)

    def remember_rows(self, url, rows, complete=True, clients=None):
        """Index the credential rows of a list read. With ``complete`` (a list read returns every credential the key
        may see in each client it returns), each client in ``rows``, plus those in ``clients`` (read but empty, such as
        a client filter that found nothing), is replaced as a whole, so renamed and deleted credentials leave."""
        if not self.enabled:
            return
        seen = {}
        for row in rows or []:
            credential_id = _id(row.get("credential_id"))
            name = row.get("credential_name")
            if credential_id is None or name is None or name is False:
                continue
            names = seen.setdefault(_client_key(row.get("credential_client_id")), {})
            ids = names.setdefault(self.fold(name), [])
            if credential_id not in ids:
                ids.append(credential_id)
        for client_id in clients or []:
            seen.setdefault(_client_key(client_id), {})

        def change(stored):
            for credential_id in [i for names in seen.values() for ids in names.values() for i in ids]:
                _drop_id(stored, credential_id)
            for client, names in seen.items():
                if complete:
                    stored[client] = names
                else:
                    target = stored.setdefault(client, {})
                    for folded, ids in names.items():
                        target[folded] = sorted(set(target.get(folded, [])) | set(ids))
        self._update(url, change)

    # ------------------------------------------------------------------ the file
    def _debug(self, text):
        if self._log:
            self._log(text)

    def _load(self):
        try:
            with open(self.path, "r", encoding="utf-8") as handle:
                data = json.load(handle)
        except (IOError, OSError) as exc:
            if getattr(exc, "errno", None) != errno.ENOENT:  # a missing file is just an empty index
                self.error = "cannot read %s: %s" % (self.path, exc.strerror or type(exc).__name__)
            return {"format": FORMAT, "servers": {}}
        except ValueError:
            self.error = "%s is not valid JSON: ignored, rebuilt on the next save" % self.path
            self._debug("ITFlow credential index: " + self.error)
            return {"format": FORMAT, "servers": {}}
        if not _valid(data):
            self.error = "%s is not a credential index of this version: ignored, rebuilt on the next save" % self.path
            self._debug("ITFlow credential index: " + self.error)
            return {"format": FORMAT, "servers": {}}
        return data

    def _update(self, url, change):
        """Re-read the file under a lock, apply ``change`` to this server's clients, write it back atomically."""
        directory = os.path.dirname(self.path)
        lock = None
        try:
            if not os.path.isdir(directory):
                os.makedirs(directory, 0o700)
            if fcntl is not None:
                lock = os.fdopen(os.open(self.path + ".lock", os.O_WRONLY | os.O_CREAT, 0o600), "w")
                fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            data = self._load()
            servers = data.setdefault("servers", {})
            key = server_key(url)
            clients = servers.setdefault(key, {})
            change(clients)
            for client in [c for c, names in clients.items() if not names]:
                del clients[client]
            if not clients:
                del servers[key]
            handle, tmp = tempfile.mkstemp(prefix=".credential-index-", dir=directory)
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    json.dump(data, out, separators=(",", ":"), sort_keys=True)
                os.chmod(tmp, 0o600)
                os.replace(tmp, self.path)
            except BaseException:
                if os.path.exists(tmp):
                    os.unlink(tmp)
                raise
        except (IOError, OSError) as exc:
            self.error = "cannot write %s: %s" % (self.path, exc.strerror or type(exc).__name__)
            self._debug("ITFlow credential index: %s (the index is skipped)" % self.error)
        finally:
            if lock is not None:
                lock.close()


def _drop_id(clients, credential_id):
    for names in clients.values():
        for folded in list(names):
            if credential_id in names[folded]:
                names[folded] = [i for i in names[folded] if i != credential_id]
                if not names[folded]:
                    del names[folded]


def _valid(data):
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("servers"), dict):
        return False
    for clients in data["servers"].values():
        if not isinstance(clients, dict):
            return False
        for names in clients.values():
            if not isinstance(names, dict) or not all(isinstance(ids, list) and all(isinstance(i, int) for i in ids)
                                                      for ids in names.values()):
                return False
    return True
