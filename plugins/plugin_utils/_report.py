# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Rendering of the drift report: Markdown, JSON, JUnit XML and HTML.

The callback (plugins/callback/drift_report.py) collects the itflow module results of a run and
builds one plain dictionary, the JSON report itself; the renderers here read only that
dictionary. It holds no secret value: drift entries of secret fields keep their name and
``"secret": true``, nothing else.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import html
import json
import re
import xml.etree.ElementTree as ET

FORMATS = {"markdown": "md", "json": "json", "junit": "xml", "html": "html"}
STATUS_ORDER = ("create", "update", "delete", "in_sync")
LABELS = {"create": "missing", "update": "changed", "delete": "declared absent", "in_sync": "in sync"}
PAST = {"create": "created", "update": "updated", "delete": "deleted", "archive": "archived", "unarchive": "unarchived",
        "resolve": "resolved"}
GLOBAL_NAME = "No client (global records)"
_XML_BAD = re.compile(u"[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_NO_REF = re.compile(r"[:(/@]")
_NO_HTTP = re.compile(r"[hH](?=[tT][tT][pP])")


def status_of(operation):
    parts = set(str(operation or "none").split("+"))
    if parts <= {"", "none"}:
        return "in_sync"
    for status in ("create", "delete"):
        if status in parts:
            return status
    return "update"


def action_text(operation, check_mode):
    ops = [o for o in str(operation or "").split("+") if o and o != "none"]
    if check_mode:
        return "would " + " and ".join(ops)
    return " and ".join(PAST.get(o, o) for o in ops)


def summarise(clients):
    out = dict((s, 0) for s in STATUS_ORDER)
    out.update(clients=len(clients), records=0, fields=0, extra=0, errors=0, would_fail=0)
    refs = set()
    for client in clients:
        for record in client["records"]:
            out[record["status"]] += 1
            out["records"] += 1
            if record["status"] == "update":
                out["fields"] += len(record["drift"])
            if record.get("fails"):
                out["would_fail"] += 1
            for ref in record.get("new_references", []):
                refs.add((ref["resource"], str(ref["value"]).strip().casefold()))
        out["extra"] += len(client["extra"])
        out["would_fail"] += len([e for e in client["extra"] if e.get("fails")])
        out["errors"] += len(client["errors"])
    out["drifting"] = out["create"] + out["update"] + out["delete"]
    out["new_references"] = len(refs)
    return out


def _plural(count, word, plural=None):
    return "%d %s" % (count, word if count == 1 else (plural or word + "s"))


def summary_text(summary, clients=True):
    """One sentence: "3 of 5 declared records drift (...), 2 in sync; 1 extra record; 1 error."."""
    parts = ["%d of %s %s" % (summary["drifting"], _plural(summary["records"], "declared record"),
                              "drifts" if summary["drifting"] == 1 else "drift")]
    detail = ["%d %s" % (summary[s], LABELS[s]) for s in ("create", "update", "delete") if summary[s]]
    if detail:
        parts[0] += " (%s)" % ", ".join(detail)
    parts[0] += ", %d in sync" % summary["in_sync"]
    if summary["extra"]:
        parts.append(_plural(summary["extra"], "extra record") + " (in ITFlow, not declared)")
    if summary.get("would_fail"):
        parts.append("%s the real run would fail on" % _plural(summary["would_fail"], "record"))
    if summary["errors"]:
        parts.append(_plural(summary["errors"], "error"))
    if summary.get("hidden"):
        parts.append("%d hidden by no_log" % summary["hidden"])
    if clients:
        parts.append(_plural(summary["clients"], "client"))
    return "; ".join(parts) + "."


def record_title(record):
    name = record.get("name")
    text = "%s %s" % (record["resource"], name if name is not None else "#%s" % record.get("id"))
    if name is not None and record.get("id") is not None:
        text += " (id %s)" % record["id"]
    return text


def extra_text(extra):
    """What an undeclared record is, and what a purge did or would do to it."""
    text = "in ITFlow, not declared"
    if extra.get("operation"):
        text += "; %s" % action_text(extra["operation"], extra.get("check_mode"))
    if extra.get("fails"):
        text += "; the real run fails here: %s" % extra["fails"]
    return text


def references_text(record):
    """The records this one names that the run creates first: "location Main Clinic, client Riverbend Dental"."""
    return ", ".join("%s %s" % (r["resource"], value_text(r["value"])) for r in record.get("new_references", []) if r.get("planned", True))


def value_text(value, limit=None):
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (dict, list)):
        text = json.dumps(value, sort_keys=True)
    else:
        text = str(value)
    if text == "":
        return "(empty)"
    if limit and len(text) > limit:
        text = "%s... (%d characters)" % (text[:limit], len(text))
    return text


# ---------------------------------------------------------------- Markdown
def _md(text):
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\r\n", "\n").replace("\n", " ")


def _md_value(value):
    if value is None or value == "":
        return "*%s*" % value_text(value)
    text = value_text(value, 200).replace("\r\n", "\n").replace("\n", " \u21b5 ").replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    return "%s%s%s" % (fence, " %s " % text if fence == "``" else text, fence)


def client_markdown(client):
    """One client's section: the ticket or e-mail body for that client (no timestamp: idempotent)."""
    lines = ["## " + _md(client["name"]), "", summary_text(client["summary"], clients=False)]
    for record in client["records"]:
        if record["status"] == "in_sync":
            continue
        lines += ["", "### %s: %s, %s" % (_md(record_title(record)), LABELS[record["status"]],
                                          action_text(record["operation"], record["check_mode"]))]
        if references_text(record):
            lines += ["", "Names records this run creates first: %s." % _md(references_text(record))]
        if record.get("fails"):
            lines += ["", "**The real run fails here:** %s" % _md(record["fails"])]
        if record["drift"]:
            lines += ["", "| Field | ITFlow | Declared |", "| --- | --- | --- |"]
        for entry in record["drift"]:
            if entry.get("secret"):
                lines.append("| %s | *secret* | *differs* |" % _md(entry["field"]))
            else:
                lines.append("| %s | %s | %s |" % (_md(entry["field"]), _md_value(entry["current"]), _md_value(entry["desired"])))
    if client["extra"]:
        lines += ["", "### Extra records (in ITFlow, not declared)", ""]
        lines += ["- %s%s%s" % (_md(record_title(e)), ": " + action_text(e["operation"], e["check_mode"]) if e.get("operation") else "",
                                "; **the real run fails here:** " + _md(e["fails"]) if e.get("fails") else "")
                  for e in client["extra"]]
    if client["errors"]:
        lines += ["", "### Errors", ""]
        lines += ["- %s: %s%s" % (_md(record_title(e)), _md(e["message"]), " (task: %s)" % _md(e["task"]) if e["task"] else "")
                  for e in client["errors"]]
    in_sync = [record_title(r) for r in client["records"] if r["status"] == "in_sync"]
    if in_sync:
        lines += ["", "In sync: %s." % _md(", ".join(in_sync))]
    return "\n".join(lines) + "\n"


def _mode_text(report):
    return {"check": "Check mode: nothing was changed in ITFlow.", "apply": "Changes were applied to ITFlow.",
            "mixed": "Some records were checked only, others were changed in ITFlow.",
            "none": "No declared record was checked."}[report["mode"]]


def render_markdown(report):
    lines = ["# " + _md(report["title"]), "", "%s Generated %s." % (_mode_text(report), report["generated"]), "",
             "**%s**" % summary_text(report["summary"])]
    for client in report["clients"]:
        lines += ["", client["markdown"].rstrip("\n")]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- JSON
def render_json(report):
    return json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n"


# ---------------------------------------------------------------- JUnit XML
def _x(text):
    return _XML_BAD.sub("\ufffd", str(text))


def _quoted(value):
    text = value_text(value, 2000)
    return '"%s"' % text if isinstance(value, str) and value != "" else text


def _junit_body(record):
    lines = ["the real run fails here: %s" % record["fails"]] if record.get("fails") else []
    for entry in record["drift"]:
        if entry.get("secret"):
            lines.append("%s: differs (secret, not shown)" % entry["field"])
        else:
            lines.append("%s: ITFlow %s, declared %s" % (entry["field"], _quoted(entry["current"]), _quoted(entry["desired"])))
    return "\n".join(lines)


def render_junit(report):
    """One test case per declared record (failing where it drifts), extra record and error."""
    root = ET.Element("testsuites", name=_x(report["title"]))
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for client in report["clients"]:
        suite = ET.SubElement(root, "testsuite", name=_x(client["name"]), timestamp=report["generated"].rstrip("Z"))
        counts = {"tests": 0, "failures": 0, "errors": 0}

        def case(title, classname):
            counts["tests"] += 1
            return ET.SubElement(suite, "testcase", classname=_x("itflow." + classname), time="0",
                                 name=_x("%s / %s" % (client["name"], title)))

        for record in client["records"]:
            test = case(record_title(record), record["resource"])
            if record["status"] != "in_sync":
                counts["failures"] += 1
                fields = ", ".join(e["field"] for e in record["drift"])
                failure = ET.SubElement(test, "failure", type="fails" if record.get("fails") else "drift", message=_x("%s, %s: %s" % (
                    LABELS[record["status"]], action_text(record["operation"], record["check_mode"]), fields)))
                failure.text = _x(_junit_body(record))
        for extra in client["extra"]:
            test = case(record_title(extra) + " (not declared)", extra["resource"])
            counts["failures"] += 1
            ET.SubElement(test, "failure", type="extra", message=extra_text(extra))
        for error in client["errors"]:
            test = case(record_title(error), error["resource"])
            counts["errors"] += 1
            node = ET.SubElement(test, "error", type="itflow", message=_x(error["message"]))
            node.text = _x("task: %s\n%s" % (error["task"], error["message"]))
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# ---------------------------------------------------------------- HTML
_STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1f2328;margin:2em auto;max-width:1200px;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.8em;border-bottom:2px solid #d0d7de;padding-bottom:.2em}
p.meta{color:#59636e}p.summary{font-weight:600}
table{border-collapse:collapse;width:100%;margin:.6em 0}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.v{font-family:ui-monospace,Consolas,monospace;white-space:pre-wrap;word-break:break-word}
td.none{color:#8c959f;font-style:italic}td.secret{font-style:italic;color:#6e7781}
.badge{display:inline-block;border-radius:10px;padding:1px 8px;font-size:12px;font-weight:600;white-space:nowrap}
.create{background:#dafbe1;color:#116329}.delete{background:#ffebe9;color:#a40e26}.update{background:#fff8c5;color:#7d4e00}
.extra{background:#fbefff;color:#6f42c1}.error{background:#a40e26;color:#fff}.note{color:#59636e;font-size:12px}
tr.create td.v.d{background:#f0fff4}tr.delete td.v.c{background:#fff5f5}
"""


def _h(value):
    """Escaped text that cannot form a link or a reference, not even one a mail client would guess.

    Besides html.escape, ":", "(", "/", "@" and the "h" of "http" become character references:
    the page reads the same, but holds no "http", "//", "url(" or "@import" anywhere.
    """
    text = _NO_REF.sub(lambda m: "&#%d;" % ord(m.group()), html.escape(str(value), quote=True))
    return _NO_HTTP.sub(lambda m: "&#%d;" % ord(m.group()), text)


def _html_cell(value):
    if value is None or value == "":
        return '<td class="v none">%s</td>' % _h(value_text(value))
    return '<td class="v">%s</td>' % _h(value_text(value, 2000))


def _html_client(client):
    out = ['<section>', '<h2>%s</h2>' % _h(client["name"]), '<p class="summary">%s</p>' % _h(summary_text(client["summary"], False))]
    rows = []
    for record in client["records"]:
        if record["status"] == "in_sync":
            continue
        status = record["status"]
        badge = '<span class="badge %s">%s</span> %s' % (status, _h(LABELS[status]), _h(action_text(record["operation"], record["check_mode"])))
        if references_text(record):
            badge += '<br><span class="note">names new: %s</span>' % _h(references_text(record))
        if record.get("fails"):
            badge += '<br><span class="badge error">fails</span> %s' % _h(record["fails"])
        drift = record["drift"] or [{"field": "", "current": None, "desired": None}]
        for index, entry in enumerate(drift):
            head = ""
            if index == 0:
                head = '<td rowspan="%d">%s</td><td rowspan="%d">%s</td>' % (len(drift), _h(record_title(record)), len(drift), badge)
            if entry.get("secret"):
                cells = '<td class="secret" colspan="2">secret: differs (not shown)</td>'
            else:
                cells = _html_cell(entry["current"]).replace('class="v', 'class="v c', 1) + _html_cell(entry["desired"]).replace(
                    'class="v', 'class="v d', 1)
            rows.append('<tr class="%s">%s<td>%s</td>%s</tr>' % (status, head, _h(entry["field"]), cells))
    for extra in client["extra"]:
        rows.append('<tr class="extra"><td>%s</td><td><span class="badge extra">extra</span></td><td colspan="3">%s</td></tr>' % (
            _h(record_title(extra)), _h(extra_text(extra))))
    for error in client["errors"]:
        rows.append('<tr class="error"><td>%s</td><td><span class="badge error">error</span></td><td colspan="3">%s%s</td></tr>' % (
            _h(record_title(error)), _h(error["message"]), " <em>[task %s]</em>" % _h(error["task"]) if error["task"] else ""))
    if rows:
        out += ['<table>', '<thead><tr><th>Record</th><th>Status</th><th>Field</th><th>ITFlow value</th><th>Declared value</th></tr></thead>',
                '<tbody>'] + rows + ['</tbody>', '</table>']
    in_sync = [record_title(r) for r in client["records"] if r["status"] == "in_sync"]
    if in_sync:
        out.append('<p class="meta">In sync&#58; %s</p>' % _h(", ".join(in_sync)))
    out.append('</section>')
    return "\n".join(out)


def render_html(report):
    """A self-contained page: inline CSS, no script, no link, every value escaped."""
    parts = ['<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">', '<title>%s</title>' % _h(report["title"]),
             '<style>%s</style>' % _STYLE, '</head>', '<body>', '<h1>%s</h1>' % _h(report["title"]),
             '<p class="meta">%s Generated %s.</p>' % (_h(_mode_text(report)), _h(report["generated"])),
             '<p class="summary">%s</p>' % _h(summary_text(report["summary"]))]
    parts += [_html_client(c) for c in report["clients"]]
    parts += ['</body>', '</html>']
    return "\n".join(parts) + "\n"


RENDERERS = {"markdown": render_markdown, "json": render_json, "junit": render_junit, "html": render_html}
