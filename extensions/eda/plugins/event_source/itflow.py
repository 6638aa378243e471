# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""itflow.itflow.itflow: an ansible-rulebook event source that polls ITFlow.

Events (each kind is opt-in, in ``events``):

``ticket_new``      a ticket was created
``ticket_status``   a watched ticket's status changed (``resolved`` is true when it is now Resolved or Closed)
``asset_new``       an asset was created
``asset_changed``   an asset's record changed (any column but ``asset_accessed_at``, its primary IP/MAC included)
``client_new``      a client was created
``client_changed``  a client's record changed

Each event: ``{"type", "itflow": {"url", "key_model", "ticket_replies"}, "client_id", "client_name",
"ticket" | "asset" | "client": the record with ITFlow's column names and real types, "previous"
(ticket_status: the old status), "resolved" (ticket_status)}``. Events never hold the API key, the
decrypt password, a credential or a ticket's guest link key (``ticket_url_key``).

Arguments (connection options and their ITFLOW_* environment fallbacks as the modules; each of the
source's own options falls back to ITFLOW_EDA_<NAME>, for example ITFLOW_EDA_STATE_FILE):

url, api_key, decrypt_password, validate_certs, ca_path, timeout, retries, retry_backoff,
page_size, key_model
events              list of the kinds above (required)
interval            seconds between polls (default 60)
clients             only records of these clients, by name or id (default: every client the key sees)
asset_types         only assets of these types, without regard to case
ticket_subject_prefix  only tickets whose subject starts with this text, without regard to case
state_file          where the source remembers what it has seen (strongly advised: without it a restart
                    starts afresh and misses what happened while it was down)
since               on the first start only (no state yet): also emit events for records created
                    (and, for watched changes, updated) at or after this server time, "YYYY-MM-DD[ HH:MM:SS]"
ticket_window       newest tickets re-read on every poll, whose status changes are seen at once (default 50)
watch_limit         open tickets whose status is watched at most (default 200; the oldest are let go)
sweep_rows          rows of assets or clients compared per sweep request (default 100)
checks_per_cycle    sweep or by-id requests per poll (default 1)
max_backoff         longest wait in seconds between attempts after errors (default 300)

Cost per idle poll, what is watched and the state file: docs/event-driven.md.

Example:
  - name: ITFlow tickets for Ansible
    hosts: all
    sources:
      - itflow.itflow.itflow:
          events: [ticket_new]
          ticket_subject_prefix: "[ansible]"
          state_file: /var/lib/eda/itflow.json
          interval: 30
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import asyncio
import importlib.util
import logging
import os
import sys


def _collection_root():
    """The folder holding ansible_collections/, from this file's path (ansible-rulebook runs it with runpy)."""
    parts = os.path.abspath(__file__).split(os.sep)
    if "ansible_collections" in parts:
        index = len(parts) - 1 - parts[::-1].index("ansible_collections")
        return os.sep.join(parts[:index]) or os.sep
    return None


try:
    from ansible_collections.itflow.itflow.plugins.module_utils import _connection
except ImportError:  # run by path (ansible-rulebook): make the collection importable
    if _collection_root() and _collection_root() not in sys.path:
        sys.path.insert(0, _collection_root())
    from ansible_collections.itflow.itflow.plugins.module_utils import _connection

from ansible_collections.itflow.itflow.plugins.module_utils._errors import (
    ITFlowAuthError, ITFlowEndpointMissing, ITFlowError, ITFlowInputError, ITFlowMethodError, ITFlowPermissionError,
    ITFlowTLSError)
from ansible_collections.itflow.itflow.plugins.module_utils._typing import typed_row


def _load_sibling(name):
    """A helper file beside this one (ansible-rulebook runs this file by path, not as a package module)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), name + ".py")
    spec = importlib.util.spec_from_file_location("_itflow_eda_" + name.lstrip("_"), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_watch = _load_sibling("_itflow_watch")
_options = _load_sibling("_itflow_options")
SourceError = _options.SourceError
_watch.SourceError = SourceError  # one error type for every problem that stops the source
KINDS = _options.KINDS
settings_from_args = _options.settings_from_args

LOG = logging.getLogger("itflow.itflow.itflow")

# resource: (ITFlow module, id column, client column, kinds)
TABLES = (
    ("ticket", "tickets", "ticket_id", "ticket_client_id", ("ticket_new", "ticket_status")),
    ("asset", "assets", "asset_id", "asset_client_id", ("asset_new", "asset_changed")),
    ("client", "clients", "client_id", "client_id", ("client_new", "client_changed")),
)
STATUS_NAMES = {1: "New", 2: "Open", 3: "On Hold", 4: "Resolved", 5: "Closed"}  # ITFlow's built-in statuses
CLOSED_STATUSES = (4, 5)
# Never in an event: the ticket's guest link key lets whoever has it read the ticket without logging in.
HIDDEN_COLUMNS = ("ticket_url_key",)
# Errors a retry cannot mend: they stop the source.
FATAL_ERRORS = (ITFlowAuthError, ITFlowPermissionError, ITFlowEndpointMissing, ITFlowMethodError, ITFlowInputError, ITFlowTLSError)


# ------------------------------------------------------------------------------------------- poller

def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class Poller(object):
    """The synchronous part: reads ITFlow, compares with the state, and queues events in ``pending``.

    Every state change it makes is matched by the events in ``pending``; the caller hands those to
    ansible-rulebook and only then saves the state."""

    def __init__(self, client, settings, state):
        self.client = client
        self.s = settings
        self.kinds = settings["events"]
        self.state = state
        self.pending = []
        self.client_names = {}
        self.names_loaded = False    # the clients were read during this poll
        self.names_readable = True   # the key may read clients (26.08 roles without the client module may not)
        self.selected_clients = None
        self.asset_types = set(t.lower() for t in settings["asset_types"])
        prefix = settings["ticket_subject_prefix"]
        self.subject_prefix = prefix.strip().lower() if prefix else None
        self.meta = {"url": client.base_url}
        self.tables = {}
        self.rotation = 0
        self.status_names = dict(STATUS_NAMES)

    # -- helpers --------------------------------------------------------------------------------
    def _on(self, *kinds):
        return any(k in self.kinds for k in kinds)

    def _table(self, resource):
        for name, module, id_field, _client_field, _kinds in TABLES:
            if name == resource:
                return self.tables.get(resource) or self.tables.setdefault(resource, _watch.Table(
                    self.client, module, id_field, self.state.setdefault(module, {}), self.client.page_size))
        raise KeyError(resource)

    def _load_client_names(self):
        self.client_names = dict((_int(r.get("client_id")), r.get("client_name")) for r in self.client.read("clients"))
        self.names_loaded = True

    def _client_name(self, client_id):
        """The client's name; an unknown id re-reads the clients at most once per poll. Never raises: the
        events of a poll must not be lost to a failed read of names (the next poll's reads report it)."""
        if client_id and client_id not in self.client_names and not self.names_loaded and self.names_readable:
            try:
                self._load_client_names()
            except ITFlowError as exc:
                LOG.warning("itflow: could not read client names (%s)", exc)
            self.names_loaded = True
        return self.client_names.get(client_id)

    def _selected(self, resource, row):
        client_field = [t[3] for t in TABLES if t[0] == resource][0]
        if self.selected_clients is not None and _int(row.get(client_field)) not in self.selected_clients:
            return False
        if resource == "asset" and self.asset_types and (row.get("asset_type") or "").lower() not in self.asset_types:
            return False
        if resource == "ticket" and self.subject_prefix and not (row.get("ticket_subject") or "").strip().lower().startswith(
                self.subject_prefix):
            return False
        return True

    def _emit(self, kind, resource, row, **extra):
        client_field = [t[3] for t in TABLES if t[0] == resource][0]
        record = typed_row(dict((k, v) for k, v in row.items() if k not in HIDDEN_COLUMNS))
        client_id = _int(row.get(client_field))
        if resource == "client":
            self.client_names[client_id] = row.get("client_name")
        if resource == "ticket":
            record["ticket_status"] = _int(row.get("ticket_status"))  # a status id (the list has no name)
            record["ticket_status_name"] = row.get("ticket_status_name") or self.status_names.get(_int(row.get("ticket_status")))
        event = {"type": kind, "itflow": dict(self.meta), "client_id": client_id, "client_name": self._client_name(client_id),
                 resource: record}
        event.update(extra)
        self.pending.append(event)

    # -- start ----------------------------------------------------------------------------------
    def start(self):
        """Check the key and endpoints, learn the key model, and take (or resume) the baseline."""
        model = self.client.key_model()
        self.meta.update(key_model=model, ticket_replies=(model == "user"))
        try:
            self._load_client_names()
        except ITFlowPermissionError:
            if self.s["clients"] or self._on("client_new", "client_changed"):
                raise
            LOG.warning("itflow: this key may not read clients: events will have no client_name")
            self.names_readable = False
        wanted = self.s["clients"]
        if wanted:
            ids = set()
            for item in wanted:
                match = [cid for cid, name in self.client_names.items()
                         if str(cid) == item.strip() or (name or "").strip().lower() == item.strip().lower()]
                if not match:
                    raise SourceError("clients: no client %r is visible to this API key." % item)
                ids.update(match)
            self.selected_clients = ids
        since = self.s["since"]
        for resource, module, _id_field, _client_field, kinds in TABLES:
            if not self._on(*kinds):
                continue
            table = self._table(resource)
            changed = resource != "ticket" and self._on(resource + "_changed")
            first = "count" not in table.st
            if changed and (first or "hashes" not in table.st):
                self._baseline_all(resource, table, since if first else None)
            elif first:
                self._baseline_tail(resource, table, since)
            if resource == "ticket" and self._on("ticket_status"):
                table.st.setdefault("watch", {})

    def _baseline_all(self, resource, table, since):
        rows = table.read_all()
        table.st.update(count=len(rows), max_id=max([0] + [table._id(r) for r in rows]), cursor=0,
                        hashes=dict((str(table._id(r)), _watch.row_hash(r)) for r in rows))
        if since:
            for row in rows:
                if (row.get(resource + "_created_at") or "") >= since and self._on(resource + "_new") and self._selected(resource, row):
                    self._emit(resource + "_new", resource, row)
                elif (row.get(resource + "_updated_at") or "") >= since and self._selected(resource, row):
                    self._emit(resource + "_changed", resource, row)

    def _baseline_tail(self, resource, table, since):
        """First start without a full read: find the end (one-row probes), then read back only as far as needed:
        the window, the rows created since ``since``, and, for ticket_status, until watch_limit open tickets are found."""
        count = table.probe_count()
        window = self.s["ticket_window"] if resource == "ticket" else 1
        created = resource + "_created_at"
        scan_open = resource == "ticket" and self._on("ticket_status") and self.s["watch_limit"] > 0

        def enough(rows):
            if since and (rows[0].get(created) or "") >= since:
                return False
            if scan_open:
                return sum(1 for r in rows if self._open(r) and self._selected(resource, r)) >= self.s["watch_limit"]
            return True
        if since or scan_open:
            rows = table.read_back(count, enough)
        else:
            rows = table._read(max(0, count - window), window) if count else []
        table.st.update(count=count, max_id=max([0] + [table._id(r) for r in rows]))
        for row in rows:
            if since and (row.get(created) or "") >= since and self._on(resource + "_new") and self._selected(resource, row):
                self._emit(resource + "_new", resource, row)
        if resource == "ticket":
            table.st["window_low"] = min([table._id(r) for r in rows[-window:]] or [1])
            if scan_open:
                watch = self._watch()
                for row in rows:
                    if self._open(row) and self._selected(resource, row):
                        watch[str(table._id(row))] = _int(row.get("ticket_status"))
                self._watch_rows(rows[-window:], new_ids=())

    @staticmethod
    def _open(row):
        return _int(row.get("ticket_status")) not in CLOSED_STATUSES and not row.get("ticket_closed_at")

    # -- every poll -----------------------------------------------------------------------------
    def cycle(self):
        """One poll: one tail read per watched table, then ``checks_per_cycle`` sweep or by-id reads."""
        before = self.client.requests_made
        self.names_loaded = False
        for resource, _module, _id_field, _client_field, kinds in TABLES:
            if self._on(*kinds):
                self._poll_tail(resource)
        jobs = []
        if self._on("asset_changed"):
            jobs.append(lambda: self._sweep("asset"))
        if self._on("client_changed"):
            jobs.append(lambda: self._sweep("client"))
        if self._on("ticket_status") and self._old_watched():
            jobs.append(self._check_old_ticket)
        for _turn in range(self.s["checks_per_cycle"] if jobs else 0):
            job = jobs[self.rotation % len(jobs)]
            self.rotation += 1
            job()
        return self.client.requests_made - before

    def _poll_tail(self, resource):
        table = self._table(resource)
        old_max = table.st.get("max_id") or 0
        overlap = self.s["ticket_window"] if resource == "ticket" else 1
        rows, _requests = table.tail(overlap)
        new = [r for r in rows if table._id(r) > old_max]
        hashes = table.st.get("hashes")
        for row in rows:
            rid = table._id(row)
            selected = self._selected(resource, row)
            if rid > old_max:
                if self._on(resource + "_new") and selected:
                    self._emit(resource + "_new", resource, row)
            elif hashes is not None and hashes.get(str(rid)) not in (None, _watch.row_hash(row)) and selected:
                self._emit(resource + "_changed", resource, row)
            if hashes is not None:
                hashes[str(rid)] = _watch.row_hash(row)
        if resource == "ticket":
            table.st["window_low"] = min([table._id(r) for r in rows] or [old_max + 1])
            if self._on("ticket_status"):
                self._watch_rows(rows, new_ids=set(table._id(r) for r in new))
        if resource == "client":
            self.client_names.update((_int(r.get("client_id")), r.get("client_name")) for r in rows)

    def _sweep(self, resource):
        table = self._table(resource)
        rows, gone, _requests = table.sweep(self.s["sweep_rows"])
        hashes = table.st["hashes"]
        for rid in gone:
            hashes.pop(str(rid), None)
        for row in rows:
            key, digest = str(table._id(row)), _watch.row_hash(row)
            if hashes.get(key) not in (None, digest) and self._selected(resource, row):
                self._emit(resource + "_changed", resource, row)
            hashes[key] = digest

    # -- ticket statuses ------------------------------------------------------------------------
    def _watch(self):
        return self._table("ticket").st.setdefault("watch", {})

    def _status_event(self, row, old_status):
        status = _int(row.get("ticket_status"))
        if row.get("ticket_status_name"):
            self.status_names[status] = row["ticket_status_name"]
        elif status not in self.status_names:
            # A custom status: its name comes with the by-id read (one request, only when it changes).
            try:
                fresh = self.client.read("tickets", {"ticket_id": _int(row.get("ticket_id"))}, paged=False)
            except ITFlowError:
                fresh = []
            if fresh and fresh[0].get("ticket_status_name"):
                self.status_names[status] = fresh[0]["ticket_status_name"]
        resolved = status in CLOSED_STATUSES or bool(row.get("ticket_closed_at"))
        self._emit("ticket_status", "ticket", row, resolved=resolved,
                   previous={"ticket_status": old_status, "ticket_status_name": self.status_names.get(old_status)})

    def _watch_rows(self, rows, new_ids):
        """Compare the statuses of the window's rows with the watched ones; watch the window's selected tickets."""
        watch = self._watch()
        for row in rows:
            rid = _int(row.get("ticket_id"))
            if not self._selected("ticket", row):
                continue
            status = _int(row.get("ticket_status"))
            old = watch.get(str(rid))
            if old is not None and old != status and rid not in new_ids:
                self._status_event(row, old)
            watch[str(rid)] = status
        self._prune()

    def _prune(self):
        """Keep the window's tickets (to see a reopening) and at most watch_limit open ones, the newest."""
        watch = self._watch()
        low = self._window_low()
        for key in [k for k, v in watch.items() if v in CLOSED_STATUSES and int(k) < low]:
            del watch[key]
        open_ids = sorted((int(k) for k, v in watch.items() if v not in CLOSED_STATUSES), reverse=True)
        for rid in open_ids[self.s["watch_limit"]:]:
            LOG.info("itflow: no longer watching ticket %s: more than watch_limit=%s open tickets are watched",
                     rid, self.s["watch_limit"])
            del watch[str(rid)]

    def _old_watched(self):
        table = self._table("ticket")
        low = self._window_low()
        return sorted(int(k) for k, v in self._watch().items() if v not in CLOSED_STATUSES and int(k) < low) \
            if table.st.get("count") else []

    def _window_low(self):
        return self._table("ticket").st.get("window_low") or 0

    def _check_old_ticket(self):
        """One by-id read of the next watched open ticket that is older than the window."""
        old = self._old_watched()
        if not old:
            return
        st = self._table("ticket").st
        after = [i for i in old if i > (st.get("check_cursor") or 0)]
        rid = (after or old)[0]
        st["check_cursor"] = rid
        rows = self.client.read("tickets", {"ticket_id": rid}, paged=False)
        watch = self._watch()
        if not rows:
            watch.pop(str(rid), None)  # deleted (26.04) or no longer visible to the key
            return
        status = _int(rows[0].get("ticket_status"))
        if status != watch.get(str(rid)):
            self._status_event(rows[0], watch.get(str(rid)))
        watch[str(rid)] = status
        self._prune()


# -------------------------------------------------------------------------------------------- async

def _fatal(exc):
    """The message that stops the source, for an error a retry cannot mend."""
    if isinstance(exc, ITFlowAuthError):
        what = "the API key was rejected (revoked, expired or wrong)"
    elif isinstance(exc, ITFlowPermissionError):
        what = "the API key is not allowed to read what the chosen events need"
    elif isinstance(exc, ITFlowEndpointMissing):
        what = "the server lacks an endpoint the chosen events need"
    else:
        what = "a problem a retry cannot mend"
    return SourceError("itflow.itflow.itflow stopped: %s. %s" % (what, exc))


async def _emit_and_save(queue, poller, state_file):
    """Hand the pending events to ansible-rulebook, then record them in the state file."""
    while poller.pending:
        await queue.put(poller.pending[0])
        poller.pending.pop(0)
    await asyncio.to_thread(_watch.save_state, state_file, poller.state)


async def _step(queue, poller, state_file, work):
    """Run one blocking step in a thread; what it found is emitted and saved, also when it failed half-way.

    When the source is cancelled mid-step nothing of that step is saved: the state file then still
    matches the events already handed over, and the next start finds that step's changes again."""
    try:
        result = await asyncio.to_thread(work)
    except asyncio.CancelledError:
        raise
    except BaseException:
        await asyncio.shield(_emit_and_save(queue, poller, state_file))
        raise
    await asyncio.shield(_emit_and_save(queue, poller, state_file))
    return result


async def main(queue, args):
    """Poll ITFlow every ``interval`` seconds and put one event per change on ``queue``."""
    conn, settings = settings_from_args(args)
    try:
        client = _connection.client_from_values(conn, log=LOG.debug)
    except ITFlowError as exc:
        raise SourceError("itflow.itflow.itflow cannot start: %s" % exc)
    state_file = settings["state_file"]
    state = _watch.load_state(state_file, client.base_url)
    if state is None:
        state = {"version": _watch.STATE_VERSION, "server": client.base_url}
        if not state_file:
            LOG.warning("itflow: no state_file: a restart starts afresh and misses what changed while the source was down")
    poller = Poller(client, settings, state)
    failures, started = 0, False
    try:
        while True:
            try:
                if not started:
                    await _step(queue, poller, state_file, poller.start)
                    started = True
                    LOG.info("itflow: watching %s on %s (key model %s)", ", ".join(settings["events"]), client.base_url,
                             poller.meta.get("key_model"))
                else:
                    requests = await _step(queue, poller, state_file, poller.cycle)
                    LOG.debug("itflow: poll done with %d request(s)", requests)
                failures = 0
                delay = settings["interval"]
            except FATAL_ERRORS as exc:
                raise _fatal(exc)
            except ITFlowError as exc:
                failures += 1
                delay = min(settings["max_backoff"], max(settings["interval"], 1.0) * (2 ** (failures - 1)))
                LOG.warning("itflow: poll failed (%s); trying again in %.0f s", exc, delay)
            await asyncio.sleep(delay)
    finally:
        client.close()


if __name__ == "__main__":
    # Try it by hand: ITFLOW_URL=... ITFLOW_API_KEY=... python itflow.py ticket_new,ticket_status
    class _PrintQueue(object):
        async def put(self, event):
            print(event)

    logging.basicConfig(level=logging.INFO)
    asyncio.run(main(_PrintQueue(), {"events": sys.argv[1] if len(sys.argv) > 1 else "ticket_new", "interval": 5}))
