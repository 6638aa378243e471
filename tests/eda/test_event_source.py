# -*- coding: utf-8 -*-
"""The itflow.itflow.itflow event source as ansible-rulebook runs it (``main(queue, args)``), against the
simulator on both profiles: what it emits, what it never emits twice, and what it survives."""

import asyncio
import json
import os

import pytest
import requests

from eda_harness import Source, revoke, run

TICKETS = ("ticket_new", "ticket_status")
ALL = ("ticket_new", "ticket_status", "asset_new", "asset_changed", "client_new", "client_changed")


def kinds(events):
    return sorted(e["type"] for e in events)


def test_first_start_is_silent_then_a_new_ticket_is_one_event(sim, api, make_args):
    async def scenario():
        async with Source(make_args(TICKETS, ticket_subject_prefix="[ansible]")) as source:
            assert await source.settle() == []  # the demo seed's tickets are the baseline
            wanted = api.ticket("[Ansible] restart the spooler")
            api.ticket("Printer on fire again")  # not selected: no [ansible] prefix
            event = await source.wait_for(lambda e: e["type"] == "ticket_new")
            await source.settle()
            return wanted, event, source.events
    wanted, event, events = run(scenario())
    assert kinds(events) == ["ticket_new"]
    ticket = event["ticket"]
    assert ticket["ticket_id"] == wanted
    assert ticket["ticket_subject"] == "[Ansible] restart the spooler"
    assert isinstance(ticket["ticket_id"], int) and ticket["ticket_client_id"] == 1
    assert ticket["ticket_status"] == 1 and ticket["ticket_status_name"] == "New"
    assert event["client_id"] == 1 and event["client_name"] == "Acme Corp"
    assert event["itflow"] == {"url": sim.url, "key_model": "user" if sim.profile == "26.08" else "client",
                               "ticket_replies": sim.profile == "26.08"}
    assert "ticket_url_key" not in ticket
    assert api.read("tickets/read.php", ticket_id=ticket["ticket_id"])  # the id is the real one


def test_status_change_and_resolution(sim, api, make_args):
    async def scenario():
        async with Source(make_args(TICKETS)) as source:
            await source.settle(0.6)
            ticket_id = api.ticket("Disk almost full")
            await source.wait_for(lambda e: e["type"] == "ticket_new")
            if sim.profile == "26.08":  # a reply can set any status; 26.04 has no replies, only resolve
                api.post("ticket_replies/create.php", ticket_id=ticket_id, ticket_reply="on hold", ticket_status=3)
                held = await source.wait_for(lambda e: e["type"] == "ticket_status")
                assert held["previous"] == {"ticket_status": 1, "ticket_status_name": "New"}
                assert held["ticket"]["ticket_status_name"] == "On Hold" and held["resolved"] is False
            api.resolve(ticket_id)
            done = await source.wait_for(lambda e: e["type"] == "ticket_status" and e["resolved"])
            await source.settle()
            return ticket_id, done, source.events
    ticket_id, done, events = run(scenario())
    assert done["ticket"]["ticket_id"] == ticket_id and done["ticket"]["ticket_status"] == 4
    assert done["ticket"]["ticket_status_name"] == "Resolved"
    assert kinds(events) == sorted(["ticket_new"] + ["ticket_status"] * (2 if sim.profile == "26.08" else 1))


def test_old_open_tickets_are_checked_by_id(sim, api, make_args):
    """A watched ticket that has left the window of recent tickets is still seen resolving (by-id reads)."""
    async def scenario():
        async with Source(make_args(TICKETS, ticket_window=2)) as source:
            await source.settle(0.6)
            old = api.ticket("Old but open")
            await source.wait_for(lambda e: e["type"] == "ticket_new" and e["ticket"]["ticket_id"] == old)
            for n in range(4):  # push it out of the 2-ticket window
                api.ticket("newer %d" % n)
            await source.settle()
            sim.clear_log()
            api.resolve(old)
            event = await source.wait_for(lambda e: e["type"] == "ticket_status" and e["ticket"]["ticket_id"] == old)
            return event
    event = run(scenario())
    assert event["resolved"] is True
    by_id = [e for e in sim.log() if e["path"].endswith("tickets/read.php") and "ticket_id=" in (e["query"] or "")]
    assert by_id, "the old ticket was found through a by-id read"


def test_assets_new_and_changed_with_selection(sim, api, make_args):
    async def scenario():
        async with Source(make_args(("asset_new", "asset_changed"), asset_types=["server"], clients=["Acme Corp"])) as source:
            assert await source.settle(0.6) == []
            new_id = api.asset("ACME-SRV09")
            api.asset("ACME-WS09", kind="Workstation")  # not selected: type
            api.asset("GLOBEX-SRV09", client_id=2)       # not selected: client
            await source.wait_for(lambda e: e["type"] == "asset_new")
            api.update_asset(1, asset_notes="moved to rack B")            # ACME-SRV01, a Server of Acme
            api.update_asset(new_id, asset_ip="10.9.9.10", asset_mac="AA:BB:CC:00:11:22")  # only the IP changes
            await source.wait_for(lambda e: e["type"] == "asset_changed" and e["asset"]["asset_id"] == 1)
            await source.wait_for(lambda e: e["type"] == "asset_changed" and e["asset"]["asset_id"] == new_id)
            await source.settle()
            return new_id, source.events
    new_id, events = run(scenario())
    assert kinds(events) == ["asset_changed", "asset_changed", "asset_new"]
    new = [e for e in events if e["type"] == "asset_new"][0]
    assert new["asset"]["asset_name"] == "ACME-SRV09" and new["asset"]["interface_ip"] == "10.9.9.9"
    changed = dict((e["asset"]["asset_id"], e["asset"]) for e in events if e["type"] == "asset_changed")
    assert changed[1]["asset_notes"] == "moved to rack B"
    assert changed[new_id]["interface_ip"] == "10.9.9.10"


def test_clients_new_and_changed(sim, api, make_args):
    async def scenario():
        async with Source(make_args(("client_new", "client_changed"))) as source:
            assert await source.settle(0.6) == []
            new_id = api.client("Initech")
            await source.wait_for(lambda e: e["type"] == "client_new")
            api.post("clients/update.php", client_id=2, client_name="Globex Inc", client_is_lead=0, client_notes="VIP")
            await source.wait_for(lambda e: e["type"] == "client_changed")
            await source.settle()
            return new_id, source.events
    new_id, events = run(scenario())
    assert kinds(events) == ["client_changed", "client_new"]
    assert [e["client"]["client_name"] for e in events if e["type"] == "client_new"] == ["Initech"]
    assert [e for e in events if e["type"] == "client_new"][0]["client_id"] == new_id
    assert [e["client"]["client_notes"] for e in events if e["type"] == "client_changed"] == ["VIP"]


def test_restart_neither_repeats_nor_loses(sim, api, make_args):
    """Events of a first run are not emitted again; changes made while stopped are emitted once, at the next start."""
    args = make_args(ALL)

    async def first():
        async with Source(args) as source:
            await source.settle(0.6)
            api.ticket("Before the restart")
            await source.wait_for(lambda e: e["type"] == "ticket_new")
            await source.settle(0.6)
            return source.events

    async def second():
        async with Source(args) as source:
            return await source.settle(1.5)

    assert kinds(run(first())) == ["ticket_new"]
    # While the source is down:
    down_ticket = api.ticket("While it was down")
    api.resolve(1)                      # TCK-1 (Open) resolved
    api.update_asset(2, asset_notes="changed while down")
    api.asset("NEW-WHILE-DOWN")
    api.client("Down Corp")
    events = run(second())
    expected = ["asset_changed", "asset_new", "client_new", "ticket_new", "ticket_status"]
    assert kinds(events) == sorted(expected)
    assert [e["ticket"]["ticket_id"] for e in events if e["type"] == "ticket_new"] == [down_ticket]
    assert [e["ticket"]["ticket_id"] for e in events if e["type"] == "ticket_status"] == [1]
    assert [e["asset"]["asset_id"] for e in events if e["type"] == "asset_changed"] == [2]
    assert run(second()) == []  # and a third start has nothing left to say
    with open(args["state_file"], encoding="utf-8") as handle:
        state = json.load(handle)
    assert state["server"] == sim.url and state["tickets"]["max_id"] == down_ticket
    assert oct(os.stat(args["state_file"]).st_mode & 0o777) == "0o600"


def test_since_replays_the_first_start(sim, api, make_args):
    async def scenario():
        async with Source(make_args(("ticket_new",), since="2000-01-01")) as source:
            return await source.settle(1.0)
    events = run(scenario())
    visible = api.read("tickets/read.php")
    assert sorted(e["ticket"]["ticket_id"] for e in events) == sorted(int(r["ticket_id"]) for r in visible)
    assert set(kinds(events)) == {"ticket_new"}


def test_deleted_rows_do_not_hide_new_ones(sim, api, make_args):
    """Offsets are positions: rows deleted below the tail shift them. The source steps back and still sees the new row."""
    async def scenario():
        async with Source(make_args(("asset_new", "asset_changed"))) as source:
            await source.settle(0.6)
            for asset_id in (1, 2, 3):
                client_id = int([r for r in api.read("assets/read.php") if r["asset_id"] == str(asset_id)][0]["asset_client_id"])
                # A successful delete answers failure (ITFLOW-API.md §3): sent raw, checked below.
                requests.post(sim.url + "/api/v1/assets/delete.php", timeout=10,
                              json={"api_key": api.key, "client_id": client_id, "asset_id": asset_id})
            assert not [r for r in api.read("assets/read.php") if r["asset_id"] in ("1", "2", "3")]
            new_id = api.asset("AFTER-DELETES")
            await source.wait_for(lambda e: e["type"] == "asset_new")
            await source.settle()
            return new_id, source.events
    new_id, events = run(scenario())
    assert [(e["type"], e["asset"]["asset_id"]) for e in events] == [("asset_new", new_id)]


def test_server_errors_back_off_and_recover(sim, api, make_args, caplog):
    caplog.set_level("DEBUG")
    args = make_args(TICKETS, retries=0)

    async def scenario():
        async with Source(args) as source:
            await source.settle(0.6)
            sim.clear_log()
            sim.fault("tickets/read.php", "status_500_empty", times=4)
            ticket_id = api.ticket("Seen after the outage")
            event = await source.wait_for(lambda e: e["type"] == "ticket_new", timeout=20)
            await source.settle(0.6)
            assert not source.task.done()
            return ticket_id, event, source.events
    ticket_id, event, events = run(scenario())
    assert event["ticket"]["ticket_id"] == ticket_id
    assert kinds(events) == ["ticket_new"]
    failed = [e["time"] for e in sim.log() if e["status"] == 500]
    assert len(failed) == 4
    gaps = [b - a for a, b in zip(failed, failed[1:])]
    assert gaps[-1] >= 0.35, "the waits grow after each failure (0.2, 0.4, then the 0.5 cap): %r" % gaps
    warnings = [r.getMessage() for r in caplog.records if r.name == "itflow.itflow.itflow" and r.levelname == "WARNING"]
    assert len(warnings) == 4 and all("HTTP 500" in w for w in warnings)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert args["api_key"] not in logged and args["decrypt_password"] not in logged


def test_revoked_key_mid_run_stops_with_a_clear_message(sim, api, make_args):
    args = make_args(TICKETS)

    async def scenario():
        source = Source(args)
        await source.__aenter__()
        await source.settle(0.6)
        revoke(sim.db_path, args["api_key"])
        with pytest.raises(Exception) as info:
            await asyncio.wait_for(source.task, 10)
        return info.value
    error = run(scenario())
    assert "stopped" in str(error) and "rejected" in str(error) and "HTTP 401" in str(error)
    assert args["api_key"] not in str(error)


@pytest.mark.parametrize("kind,expect", [("status_403", "HTTP 403"), ("html_404", "no assets/read.php endpoint")])
def test_forbidden_or_missing_endpoint_stops(sim, make_args, kind, expect):
    async def scenario():
        async with Source(make_args(("asset_new",))) as source:
            await source.settle(0.6)
            sim.fault("assets/read.php", kind, times=-1)
            with pytest.raises(Exception) as info:
                await asyncio.wait_for(source.task, 10)
            return info.value
    error = run(scenario())
    assert "itflow.itflow.itflow stopped" in str(error) and expect in str(error)


def test_a_bad_key_stops_at_start(sim, make_args):
    key = "disabled_user" if sim.profile == "26.08" else "expired"
    with pytest.raises(Exception) as info:
        run(asyncio.wait_for(_main_only(make_args(TICKETS, key=key)), 10))
    assert "itflow.itflow.itflow stopped" in str(info.value)
    assert ("HTTP 403" if sim.profile == "26.08" else "HTTP 401") in str(info.value)


async def _main_only(args):
    from eda_harness import load_source  # pylint: disable=import-outside-toplevel
    await load_source()["main"](asyncio.Queue(), args)


def test_scoped_key_sees_its_client_only(sim, api, make_args):
    async def scenario():
        async with Source(make_args(TICKETS, key="restricted")) as source:
            await source.settle(0.6)
            api.ticket("For Globex", client_id=2)
            mine = api.ticket("For Acme", client_id=1)
            await source.wait_for(lambda e: e["type"] == "ticket_new")
            await source.settle()
            return mine, source.events
    mine, events = run(scenario())
    assert [(e["type"], e["ticket"]["ticket_id"]) for e in events] == [("ticket_new", mine)]


def test_secrets_never_in_events(sim, api, make_args):
    args = make_args(ALL, since="2000-01-01")

    async def scenario():
        async with Source(args) as source:
            await source.settle(0.6)
            ticket_id = api.ticket("secret check")
            await source.wait_for(lambda e: e["type"] == "ticket_new" and e["ticket"]["ticket_id"] == ticket_id)
            api.resolve(ticket_id)
            api.update_asset(1, asset_notes="secret check")
            await source.wait_for(lambda e: e["type"] == "ticket_status" and e["ticket"]["ticket_id"] == ticket_id)
            await source.settle()
            return source.events
    events = run(scenario())
    assert {"ticket_new", "ticket_status", "asset_new", "asset_changed", "client_new"} <= set(kinds(events))
    text = json.dumps(events)
    url_keys = [r["ticket_url_key"] for r in sim.table("tickets") if r["ticket_url_key"]]
    credentials = [r["credential_password"] for r in sim.table("credentials") if r.get("credential_password")]
    for secret in [args["api_key"], args["decrypt_password"]] + url_keys + credentials:
        assert secret not in text
    assert "url_key" not in text and "decrypt" not in text
    # and the key never travelled in a URL
    with open(sim.access_log, encoding="utf-8") as handle:
        assert args["api_key"] not in handle.read()


def test_idle_poll_costs_three_requests(sim, make_args):
    """Tickets (new + status) and assets (new + changed): one tail read each and one sweep slice."""
    async def scenario():
        async with Source(make_args(("ticket_new", "ticket_status", "asset_new", "asset_changed"), interval=0.5)) as source:
            await source.settle(0.3)
            sim.clear_log()
            await source.settle(2.0)
    run(scenario())
    log = sim.log()
    polls = [e for e in log if e["path"].endswith("tickets/read.php")]
    assert len(polls) >= 2
    assert len(log) <= 3 * len(polls) + 3  # a poll possibly cut in half at either end
    assert all(e["status"] == 200 for e in log)


def test_bad_arguments_are_refused_before_any_request(sim, make_args):
    for args, text in ((make_args(()), "events must list"), (make_args(("ticket_sold",)), "unknown: ticket_sold"),
                       (make_args(TICKETS, since="yesterday"), "since must be"),
                       (make_args(TICKETS, interval=0), "interval"),
                       (make_args(TICKETS, timeout=0), "timeout must be"),
                       (make_args(TICKETS, clients=["Nobody Inc"]), "no client 'Nobody Inc'"),
                       (make_args(TICKETS, colour="red"), "Unknown argument")):
        with pytest.raises(Exception) as info:
            run(asyncio.wait_for(_main_only(args), 10))
        assert text in str(info.value)
        assert args["api_key"] not in str(info.value)


def test_state_file_of_another_server_is_refused(sim, make_args, tmp_path):
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"version": 1, "server": "https://elsewhere.example"}))
    with pytest.raises(Exception) as info:
        run(asyncio.wait_for(_main_only(make_args(TICKETS, state_file=str(path))), 10))
    assert "elsewhere.example" in str(info.value)


def test_open_tickets_from_before_the_first_start_are_watched(sim, api, make_args):
    """TCK-1 (Open) is older than a one-ticket window at the first start: it is watched all the same."""
    async def scenario():
        async with Source(make_args(TICKETS, ticket_window=1)) as source:
            assert await source.settle(0.6) == []
            api.resolve(1)
            return await source.wait_for(lambda e: e["type"] == "ticket_status")
    event = run(scenario())
    assert event["ticket"]["ticket_id"] == 1 and event["resolved"] is True
    assert event["previous"] == {"ticket_status": 2, "ticket_status_name": "Open"}


def test_arguments_ansible_rulebook_adds_are_accepted(sim, make_args):
    from eda_harness import load_source  # pylint: disable=import-outside-toplevel
    conn, settings = load_source()["settings_from_args"](make_args(TICKETS, eda_feedback_queue=asyncio.Queue()))
    assert settings["events"] == TICKETS and conn["url"] == sim.url
