# -*- coding: utf-8 -*-
"""The reading strategy of the event source (extensions/eda/plugins/event_source/_itflow_watch.py) against an
in-memory list read that behaves like ITFlow's (ordered by id, offset = position, "No resource" past the end):
the end is found, new rows are never skipped when rows below were deleted, and a sweep pass sees every change."""

import json
import os
import random

import pytest

from eda_harness import SOURCE, load_source

WATCH = load_source()["_watch"]


class FakeList(object):
    """One ITFlow list: rows with increasing ids; read(offset, limit) as ITFlow answers it."""

    def __init__(self, n):
        self.rows = [{"asset_id": str(i), "asset_name": "A%d" % i} for i in range(1, n + 1)]
        self.next_id = n + 1
        self.requests = 0

    def read(self, module, filters=None, paged=True):
        assert not paged and module == "assets"
        self.requests += 1
        offset, limit = filters["offset"], filters["limit"]
        assert offset >= 0 and limit >= 1, "ITFlow crashes on negative offsets"
        return [dict(r) for r in self.rows[offset:offset + limit]]

    def add(self, count=1):
        for _row in range(count):
            self.rows.append({"asset_id": str(self.next_id), "asset_name": "A%d" % self.next_id})
            self.next_id += 1

    def delete(self, ids):
        self.rows = [r for r in self.rows if int(r["asset_id"]) not in ids]

    def change(self, asset_id):
        for row in self.rows:
            if int(row["asset_id"]) == asset_id:
                row["asset_name"] += "!"


def table(fake, st=None, page_size=7):
    return WATCH.Table(fake, "assets", "asset_id", st if st is not None else {}, page_size)


@pytest.mark.parametrize("n", [0, 1, 2, 3, 7, 8, 31, 64, 65, 1000])
def test_probe_count_finds_the_end(n):
    fake = FakeList(n)
    assert table(fake).probe_count() == n
    assert fake.requests <= 2 * max(1, n).bit_length() + 2


def test_tail_finds_new_rows_after_deletions_below():
    fake = FakeList(50)
    st = {"count": 50, "max_id": 50}
    tail = table(fake, st)
    rows, requests = tail.tail(1)
    assert [r["asset_id"] for r in rows] == ["50"] and requests == 1
    fake.delete({3, 10, 11, 12, 20, 49, 50})  # the last seen row too
    fake.add(2)                               # ids 51 and 52, now at positions 43 and 44
    rows, requests = tail.tail(1)
    assert [r["asset_id"] for r in rows if int(r["asset_id"]) > 50] == ["51", "52"]
    assert st["count"] == 45 and st["max_id"] == 52 and requests > 1
    rows, requests = tail.tail(1)  # and the corrected count makes the next read one request again
    assert [r["asset_id"] for r in rows] == ["52"] and requests == 1


def test_tail_when_everything_was_deleted():
    fake = FakeList(20)
    st = {"count": 20, "max_id": 20}
    fake.delete(set(range(1, 21)))
    rows, _requests = table(fake, st).tail(1)
    assert rows == [] and st["count"] == 0
    fake.add(1)
    rows, _requests = table(fake, st).tail(1)
    assert [r["asset_id"] for r in rows] == ["21"]


def test_tail_reads_a_burst_of_new_rows_in_pages():
    fake = FakeList(10)
    st = {"count": 10, "max_id": 10}
    fake.add(30)
    rows, requests = table(fake, st, page_size=7).tail(1)
    assert [int(r["asset_id"]) for r in rows] == list(range(10, 41)) and requests == 4 and st["count"] == 40


def test_a_sweep_pass_sees_every_change_and_forgets_deleted_rows():
    rng = random.Random(4)
    fake = FakeList(95)
    st = {"count": 95, "max_id": 95, "cursor": 0, "hashes": dict((r["asset_id"], WATCH.row_hash(r)) for r in fake.rows)}
    sweep = table(fake, st)
    for _round in range(20):
        changed = set(rng.sample([int(r["asset_id"]) for r in fake.rows], 5))
        for asset_id in changed:
            fake.change(asset_id)
        deleted = set(rng.sample([int(r["asset_id"]) for r in fake.rows if int(r["asset_id"]) not in changed], 3))
        fake.delete(deleted)
        seen, gone = set(), set()
        for _slice in range(200):  # one pass: until the cursor returns to 0
            rows, lost, _requests = sweep.sweep(10)
            gone.update(lost)
            for row in rows:
                if st["hashes"].get(row["asset_id"]) != WATCH.row_hash(row):
                    seen.add(int(row["asset_id"]))
                st["hashes"][row["asset_id"]] = WATCH.row_hash(row)
            for asset_id in lost:
                st["hashes"].pop(str(asset_id), None)
            if st["cursor"] == 0:
                break
        assert seen == changed and gone == deleted
        assert set(st["hashes"]) == set(r["asset_id"] for r in fake.rows)


def test_state_file_round_trip_and_refusals(tmp_path):
    path = str(tmp_path / "sub" / "state.json")
    state = {"version": WATCH.STATE_VERSION, "server": "https://itflow.example", "assets": {"count": 3}}
    WATCH.save_state(path, state)
    assert WATCH.load_state(path, "https://itflow.example") == state
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    assert os.listdir(os.path.dirname(path)) == ["state.json"]  # no temporary file left behind
    with pytest.raises(WATCH.SourceError, match="another|not https"):
        WATCH.load_state(path, "https://other.example")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("{broken")
    with pytest.raises(WATCH.SourceError, match="cannot be read"):
        WATCH.load_state(path, "https://itflow.example")
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"version": 99}, handle)
    with pytest.raises(WATCH.SourceError, match="version"):
        WATCH.load_state(path, "https://itflow.example")
    assert WATCH.load_state(str(tmp_path / "none.json"), "x") is None


def test_row_hash_ignores_accessed_at_only():
    row = {"asset_id": "1", "asset_name": "A", "asset_accessed_at": "2026-01-01 00:00:00"}
    assert WATCH.row_hash(row) == WATCH.row_hash(dict(row, asset_accessed_at="2026-12-31 00:00:00"))
    assert WATCH.row_hash(row) != WATCH.row_hash(dict(row, asset_name="B"))
    assert os.path.exists(SOURCE)


def test_deletions_during_a_pass_neither_hide_changes_nor_forget_live_rows():
    rng = random.Random(9)
    fake = FakeList(200)
    st = {"count": 200, "max_id": 200, "cursor": 0, "hashes": dict((r["asset_id"], WATCH.row_hash(r)) for r in fake.rows)}
    sweep = table(fake, st)
    changed = set(rng.sample(range(1, 201), 12))
    for asset_id in changed:
        fake.change(asset_id)
    deleted, seen, gone = set(), set(), set()
    for _slice in range(60):  # a pass of 20 slices, with rows deleted anywhere while it runs
        live = [int(r["asset_id"]) for r in fake.rows if int(r["asset_id"]) not in changed]
        victims = set(rng.sample(live, 2))
        fake.delete(victims)
        deleted |= victims
        rows, lost, _requests = sweep.sweep(10)
        assert not set(lost) - deleted, "a live row was declared gone"
        gone.update(lost)
        for row in rows:
            if st["hashes"].get(row["asset_id"]) != WATCH.row_hash(row):
                seen.add(int(row["asset_id"]))
            st["hashes"][row["asset_id"]] = WATCH.row_hash(row)
        for asset_id in lost:
            st["hashes"].pop(str(asset_id), None)
    assert seen == changed
    live = set(r["asset_id"] for r in fake.rows)
    assert live <= set(st["hashes"])
