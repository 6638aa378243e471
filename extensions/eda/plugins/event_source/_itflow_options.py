# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The arguments of the itflow.itflow.itflow event source: the connection options shared with the modules
(names, ITFLOW_* fallbacks and checks from module_utils/_connection.py) and the source's own options
(ITFLOW_EDA_* fallbacks), read and checked before any request."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible_collections.itflow.itflow.plugins.module_utils import _connection


class SourceError(Exception):
    """Wrong arguments: the message says which and why."""


KINDS = ("ticket_new", "ticket_status", "asset_new", "asset_changed", "client_new", "client_changed")
SOURCE_OPTIONS = dict(interval=("float", 60.0), events=("list", None), clients=("list", []), asset_types=("list", []),
                      ticket_subject_prefix=("str", None), state_file=("path", None), since=("str", None),
                      ticket_window=("int", 50), watch_limit=("int", 200), sweep_rows=("int", 100),
                      checks_per_cycle=("int", 1), max_backoff=("float", 300.0))


def _coerce(name, kind, value):
    if value is None:
        return None
    try:
        if kind == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("1", "true", "yes", "on", "y", "t"):
                return True
            if text in ("0", "false", "no", "off", "n", "f"):
                return False
            raise ValueError(text)
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
        if kind == "path":
            return os.path.expanduser(os.path.expandvars(str(value))) if str(value) else None
        if kind == "list":
            if isinstance(value, str):
                return [v.strip() for v in value.split(",") if v.strip()]
            return [str(v) for v in value]
        return str(value)
    except (TypeError, ValueError):
        raise SourceError("Argument %s must be of type %s (got %r)." % (name, kind, value if name not in _connection.SECRETS else "***"))


def settings_from_args(args):
    """Connection values (with ITFLOW_* fallbacks) and the source's own settings, checked."""
    # ansible-rulebook adds arguments of its own (eda_feedback_queue): not ours to check.
    args = dict((k, v) for k, v in (args or {}).items() if not str(k).startswith("eda_"))
    unknown = sorted(set(args) - set(_connection.NAMES) - set(SOURCE_OPTIONS))
    if unknown:
        raise SourceError("Unknown argument(s) for itflow.itflow.itflow: %s." % ", ".join(unknown))
    conn = {}
    for name, kind, default, _secret in _connection.OPTIONS:
        value = args.get(name)
        if value is None:
            value = os.environ.get(_connection.env_var(name))
        value = _coerce(name, {"str": "str", "path": "path"}.get(kind, kind), value)
        conn[name] = default if value is None else value
    problem = _connection.connection_problem(conn)
    if problem:
        raise SourceError(problem)
    settings = {}
    for name, (kind, default) in SOURCE_OPTIONS.items():
        value = args.get(name)
        if value is None:
            value = os.environ.get("ITFLOW_EDA_" + name.upper())
        value = _coerce(name, kind, value)
        settings[name] = default if value is None else value
    kinds = settings["events"] or []
    bad = [k for k in kinds if k not in KINDS]
    if not kinds or bad:
        raise SourceError("events must list at least one of %s%s." % (", ".join(KINDS), " (unknown: %s)" % ", ".join(bad) if bad else ""))
    for name, low in (("interval", 0), ("ticket_window", 1), ("watch_limit", 0), ("sweep_rows", 1), ("checks_per_cycle", 0),
                      ("max_backoff", 0)):
        if settings[name] < low or (name == "interval" and settings[name] <= 0):
            raise SourceError("%s must be at least %s, not %s." % (name, low, settings[name]))
    since = settings["since"]
    if since:
        since = since.strip().replace("T", " ")
        if len(since) == 10:
            since += " 00:00:00"
        if len(since) != 19 or not (since[:4] + since[5:7] + since[8:10] + since[11:13] + since[14:16] + since[17:19]).isdigit():
            raise SourceError("since must be a server time written YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, not %r." % settings["since"])
        settings["since"] = since
    settings["events"] = tuple(k for k in KINDS if k in kinds)
    return conn, settings
