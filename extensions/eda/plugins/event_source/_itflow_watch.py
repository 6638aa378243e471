# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How the itflow.itflow.itflow event source reads ITFlow cheaply, and what it remembers.

ITFlow's list reads are ordered by primary key and take ``limit``/``offset`` (a position, not an
id); there is no changed-since filter and no total (ITFLOW-API.md §1.5). So:

* **new records** are the rows past the highest id seen. The source remembers how many rows the
  key can see (``count``) and reads from ``offset = count - overlap``. The first row of that page
  must be one it has seen already (its id at most the highest id seen); if it is newer, rows were
  deleted below and the read stepped too far: it steps back and reads again. A short page gives
  the exact count back, so deletions correct themselves;
* **changed records** (assets, clients) are found by a sweep: each poll reads the next slice of
  ``sweep_rows`` rows and compares a hash of each row with the hash remembered for its id; after
  the last slice it starts over. Its cost per poll is fixed, its delay is a full pass;
* the state (ids, counts, hashes, statuses) is one JSON file, replaced atomically, written only
  after the events it accounts for were handed to ansible-rulebook.

Nothing here sends a secret anywhere: the client puts the key in the request body.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import bisect
import hashlib
import json
import os
import tempfile

STATE_VERSION = 1
# Columns whose change is not a change of the record (ITFlow updates *_accessed_at on every view).
VOLATILE_SUFFIXES = ("_accessed_at",)


class SourceError(Exception):
    """A problem that stops the event source: the message says what to do."""


def row_id(row, id_field):
    try:
        return int(row.get(id_field) or 0)
    except (TypeError, ValueError):
        return 0


def row_hash(row):
    """A short fingerprint of a row's content (volatile columns left out)."""
    stable = dict((k, v) for k, v in row.items() if not k.endswith(VOLATILE_SUFFIXES))
    text = json.dumps(stable, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


# ------------------------------------------------------------------------------------------- state

def load_state(path, server):
    """The saved state, or None when there is none yet. Refuses a state file of another server."""
    if not path or not os.path.exists(path):
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            state = json.load(handle)
    except (OSError, ValueError) as exc:
        raise SourceError("The state file %s cannot be read (%s): fix or remove it (removing it starts afresh, without "
                          "events for what happened before)." % (path, type(exc).__name__))
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
        raise SourceError("The state file %s is not one this event source wrote (version %s expected)." % (path, STATE_VERSION))
    if state.get("server") != server:
        raise SourceError("The state file %s records the ITFlow server %s, not %s: give each server its own state_file."
                          % (path, state.get("server"), server))
    return state


def save_state(path, state):
    """Write the state atomically (a crash leaves the old or the new file, never half of one), mode 0600."""
    if not path:
        return
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=".itflow-eda-", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(state, out, separators=(",", ":"), sort_keys=True)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


# ------------------------------------------------------------------------------------------ reading

class Table(object):
    """One ITFlow list (tickets, assets or clients) as the source sees it.

    ``st`` is this table's part of the state: ``max_id`` (highest id seen), ``count`` (rows the key
    can see), and, when changes are watched, ``hashes`` ({id: row hash}) and ``cursor`` (the last
    id the sweep has compared).
    """

    def __init__(self, client, module, id_field, st, page_size):
        self.client = client
        self.module = module
        self.id_field = id_field
        self.st = st
        self.page_size = page_size

    def _read(self, offset, limit):
        return self.client.read(self.module, {"offset": offset, "limit": limit}, paged=False)

    def _id(self, row):
        return row_id(row, self.id_field)

    # -- first start ----------------------------------------------------------------------------
    def probe_count(self):
        """How many rows the key can see, with one-row reads (about 2 log2(n) requests, once)."""
        if not self._read(0, 1):
            return 0
        low, high = 0, 1  # a row exists at position low; none is known at high yet
        while self._read(high, 1):
            low, high = high, high * 2
        while high - low > 1:  # a row at low, none at high
            middle = (low + high) // 2
            if self._read(middle, 1):
                low = middle
            else:
                high = middle
        return low + 1

    def read_all(self):
        """Every row, paged with page_size (the full baseline of a watched table)."""
        rows, offset = [], 0
        while True:
            page = self._read(offset, self.page_size)
            rows.extend(page)
            if len(page) < self.page_size:
                return rows
            offset += len(page)

    def read_back(self, count, stop):
        """Rows from the end backwards, page by page, until ``stop(rows read so far)`` holds."""
        rows, end = [], count
        while end > 0:
            start = max(0, end - self.page_size)
            page = self._read(start, end - start)
            rows[0:0] = page
            if not page or stop(rows):
                break
            end = start
        return rows

    # -- every poll -----------------------------------------------------------------------------
    def tail(self, overlap):
        """The rows from ``count - overlap`` to the end: the last ``overlap`` rows seen, then the new ones.

        Normally one request. Returns (rows, requests)."""
        max_id = self.st.get("max_id") or 0
        offset = max(0, (self.st.get("count") or 0) - overlap)
        limit = overlap + self.page_size
        step = max(overlap, 1)
        rows, requests, first = [], 0, True
        while True:
            page = self._read(offset, limit)
            requests += 1
            if first and offset > 0 and (not page or self._id(page[0]) > max_id):
                # Rows were deleted below: this page starts past what was seen (or past the end). Step back.
                offset = max(0, offset - step)
                step *= 2
                continue
            first = False
            rows.extend(page)
            if len(page) < limit:
                self.st["count"] = offset + len(page)
                break
            offset += len(page)
        new_max = max([max_id] + [self._id(r) for r in rows])
        self.st["max_id"] = new_max
        return rows, requests

    def sweep(self, rows_per_slice):
        """The next slice of the sweep. Returns (rows of ids already known, ids gone, requests)."""
        hashes = self.st.setdefault("hashes", {})
        known = sorted(int(i) for i in hashes)
        cursor = self.st.get("cursor") or 0
        max_id = self.st.get("max_id") or 0
        position = bisect.bisect_right(known, cursor)
        offset = max(0, position - 1) if cursor else 0
        requests = 0
        while True:
            page = self._read(offset, rows_per_slice + 1)
            requests += 1
            if cursor and offset > 0 and (not page or self._id(page[0]) > cursor) and requests < 6:
                # Fewer rows than remembered lie below the cursor (deleted ones): step back.
                offset = max(0, offset - rows_per_slice)
                continue
            break
        ids = [self._id(r) for r in page]
        rows = [r for r, i in zip(page, ids) if cursor < i <= max_id]
        if not page:
            # Nothing at this position: the table ended (or shrank) before the cursor. Start over;
            # only an empty table proves that every remembered row is gone.
            self.st["cursor"] = 0
            return [], (known if offset == 0 else []), requests
        if len(page) < rows_per_slice + 1:
            high = max_id  # the end of the table: the pass is complete
            self.st["cursor"] = 0
        else:
            high = ids[-1]
            self.st["cursor"] = high
        # Remembered ids in the range this page covers that it does not hold are gone. When the page
        # does not start at the cursor (too many rows deleted below it), the range starts at its first row;
        # a page read from offset 0 covers everything below its first row.
        low = cursor if (ids[0] <= cursor or offset == 0) else ids[0] - 1
        seen = set(ids)
        gone = [i for i in known[bisect.bisect_right(known, low):bisect.bisect_right(known, high)] if i not in seen]
        return rows, gone, requests
