# -*- coding: utf-8 -*-
"""Harness for the itflow.itflow.itflow event source: ``main(queue, args)`` run as ansible-rulebook
runs it (loaded by path with runpy), against the ITFlow simulator, and an ITFlow API helper that
talks raw HTTP (independent of the collection's client) to make the changes the source must see."""

import asyncio
import datetime
import os
import runpy
import sqlite3

import requests

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOURCE = os.path.join(REPO, ".cache", "collections", "ansible_collections", "itflow", "itflow", "extensions", "eda", "plugins",
                      "event_source", "itflow.py")
PROFILES = ("26.08", "26.04")


def load_source():
    """The source module's globals, loaded by path as ansible-rulebook does (runpy.run_path)."""
    return runpy.run_path(SOURCE)


class Api(object):
    """Raw ITFlow API calls (JSON body with the key, as ITFlow wants)."""

    def __init__(self, sim, key="admin"):
        self.sim = sim
        self.key = sim.keys[key]["api_key"]

    def post(self, path, **body):
        body["api_key"] = self.key
        answer = requests.post("%s/api/v1/%s" % (self.sim.url, path), json=body, timeout=30).json()
        assert answer.get("success") == "True", (path, answer)
        return answer

    def read(self, path, **query):
        answer = requests.get("%s/api/v1/%s" % (self.sim.url, path), params=query, json={"api_key": self.key}, timeout=30).json()
        return answer.get("data") or []

    def ticket(self, subject, client_id=1):
        return self.post("tickets/create.php", client_id=client_id, ticket_subject=subject,
                         ticket_details="details of " + subject)["data"][0]["insert_id"]

    def resolve(self, ticket_id, client_id=1):
        self.post("tickets/resolve.php", client_id=client_id, ticket_id=ticket_id)

    def asset(self, name, client_id=1, kind="Server"):
        return self.post("assets/create.php", client_id=client_id, asset_name=name, asset_type=kind,
                         asset_ip="10.9.9.9", asset_mac="AA:BB:CC:00:11:22")["data"][0]["insert_id"]

    def update_asset(self, asset_id, client_id=1, **fields):
        """A full update (ITFlow wipes the IP and MAC an update leaves out)."""
        current = [r for r in self.read("assets/read.php", limit=100000) if r["asset_id"] == str(asset_id)][0]
        body = dict(asset_id=asset_id, client_id=client_id, asset_ip=current["interface_ip"] or "",
                    asset_mac=current["interface_mac"] or "")
        body.update(fields)
        self.post("assets/update.php", **body)

    def client(self, name):
        return self.post("clients/create.php", client_name=name)["data"][0]["insert_id"]


class Source(object):
    """One running event source (an asyncio task) and the events it has put on its queue."""

    def __init__(self, args):
        self.args = args
        self.queue = asyncio.Queue()
        self.task = None
        self.events = []

    async def __aenter__(self):
        self.task = asyncio.ensure_future(load_source()["main"](self.queue, self.args))
        return self

    async def __aexit__(self, *exc):
        await self.stop()

    async def stop(self):
        if self.task and not self.task.done():
            self.task.cancel()
            try:
                await self.task
            except asyncio.CancelledError:
                pass
        self.drain()

    def drain(self):
        while not self.queue.empty():
            self.events.append(self.queue.get_nowait())
        return self.events

    async def wait_for(self, predicate, timeout=15.0):
        """Wait until an event matches ``predicate``; return it."""
        deadline = asyncio.get_event_loop().time() + timeout
        while True:
            self.drain()
            for event in self.events:
                if predicate(event):
                    return event
            if self.task.done():
                self.task.result()  # raises the source's error
                raise AssertionError("the source ended without that event; events: %r" % self.events)
            if asyncio.get_event_loop().time() > deadline:
                raise AssertionError("no matching event within %ss; events: %r" % (timeout, self.events))
            await asyncio.sleep(0.05)

    async def settle(self, seconds=1.2):
        """Let several polls pass, then return every event so far."""
        await asyncio.sleep(seconds)
        return self.drain()


def run(coro):
    return asyncio.run(coro)


def revoke(db_path, api_key):
    """Revoke a key as ITFlow's UI does: its expiry becomes today (the simulator's SQLite file)."""
    with sqlite3.connect(db_path) as conn:
        # The simulator's case-insensitive collation (MariaDB's), needed by any statement on its text columns.
        conn.create_collation("CI", lambda a, b: (a.lower() > b.lower()) - (a.lower() < b.lower()))
        conn.execute("UPDATE api_keys SET api_key_expire = ? WHERE api_key_secret = ?",
                     (datetime.date.today().isoformat(), api_key))
