# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: drift_report
type: aggregate
short_description: Write a drift report of every itflow module result of a run
version_added: 0.1.0
description:
  - Collects the C(drift), C(operation) and record that every itflow.itflow resource module (M(itflow.itflow.itflow_asset),
    M(itflow.itflow.itflow_client), ...) returns in a run, loop items included, and writes at the end of the run one
    report in each of the chosen formats, grouped by client.
  - "Formats: C(markdown) (for a ticket or an e-mail), C(json) (for machines; it holds each client's Markdown section
    too), C(junit) (JUnit XML, one test case per declared record, failing where it drifts, an error per failed task, so
    that GitLab or Jenkins show drift as failed tests) and C(html) (one self-contained page with inline CSS, no script
    and no external reference; a table per client with each drifting field's ITFlow value and declared value side by
    side)."
  - Records that would be created (missing in ITFlow) or removed (declared absent) are marked. Records present in ITFlow
    but not declared are listed where a module reports them (the C(extra) list of M(itflow.itflow.itflow_bulk), marked
    when it purges them, or an C(extra) list in any itflow module result).
  - M(itflow.itflow.itflow_bulk) results are taken item by item, as records of the task's resource and client.
  - Failed itflow tasks (for example an endpoint the server lacks) are listed as errors in every format.
  - Secret fields (C(password), C(otp_secret), C(api_key), C(decrypt_password)) only ever show as differing, never a value.
  - Run the declaration with C(--check) (or C(check_mode=true)) to report drift without changing ITFlow; without check
    mode the report says what was changed.
  - A short summary is printed after the play recap. Nothing is written when no itflow module ran.
  - The reports are also written when each play after the first starts, so that a later play of the same playbook
    (such as the one in C(playbooks/drift_report.yml) that opens tickets) can read them.
  - Tasks with the variable C(itflow_drift_report) set to V(false) are left out of the report.
author:
  - itflow.itflow contributors (@itflow-ansible)
requirements:
  - Enable it in C(callbacks_enabled) (ini C([defaults] callbacks_enabled = itflow.itflow.drift_report) or
    E(ANSIBLE_CALLBACKS_ENABLED)).
options:
  dir:
    description:
      - Directory the reports are written to; it is created if needed. A relative path is taken from the directory
        C(ansible-playbook) runs in.
    type: path
    default: .
    env:
      - name: ITFLOW_DRIFT_REPORT_DIR
    ini:
      - section: itflow_drift_report
        key: dir
  base_name:
    description: File name of the reports without extension; they are C(<base_name>.md), C(.json), C(.xml) and C(.html).
    type: str
    default: itflow-drift-report
    env:
      - name: ITFLOW_DRIFT_REPORT_BASE_NAME
    ini:
      - section: itflow_drift_report
        key: base_name
  formats:
    description: The formats to write.
    type: list
    elements: str
    choices: [markdown, json, junit, html]
    default: [markdown, json, junit, html]
    env:
      - name: ITFLOW_DRIFT_REPORT_FORMATS
    ini:
      - section: itflow_drift_report
        key: formats
  title:
    description: Title of the reports (and name of the JUnit test suites).
    type: str
    default: ITFlow documentation drift
    env:
      - name: ITFLOW_DRIFT_REPORT_TITLE
    ini:
      - section: itflow_drift_report
        key: title
notes:
  - A record is identified by its resource, its client and its name (or subject, or e-mail, or id); when a run declares
    the same record twice, the last result counts.
  - "Clients are named as the tasks give them (O(itflow.itflow.itflow_asset#module:client)); a client given by id is named
    after the name another result of the run gives it, else C(client #<id>). Records without a client are grouped as
    global records."
  - Tasks with C(no_log) return no drift to report; they are counted as hidden.
seealso:
  - module: itflow.itflow.itflow_ticket
'''

EXAMPLES = r'''
# ansible.cfg
# [defaults]
# callbacks_enabled = itflow.itflow.drift_report
#
# [itflow_drift_report]
# dir = /var/tmp/itflow-drift
# formats = markdown, junit, html

# Or for one run:
#   ANSIBLE_CALLBACKS_ENABLED=itflow.itflow.drift_report ITFLOW_DRIFT_REPORT_DIR=reports \
#     ansible-playbook declaration.yml --check
'''

import os
import tempfile

from ansible.module_utils.common.text.converters import to_text
from ansible.plugins.callback import CallbackBase

from ansible_collections.itflow.itflow.plugins.plugin_utils._collector import Collector
from ansible_collections.itflow.itflow.plugins.plugin_utils._report import FORMATS, RENDERERS, summary_text


def _result_of(result):
    return getattr(result, "result", None) if hasattr(result, "task") else result._result


def _task_of(result):
    return getattr(result, "task", None) if hasattr(result, "task") else result._task


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'itflow.itflow.drift_report'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, display=None):
        super(CallbackModule, self).__init__(display=display)
        self.collector = Collector()
        self._seen = 0
        self._written = 0
        self.paths = []

    # ------------------------------------------------------------------ collecting
    @staticmethod
    def _action(task):
        return getattr(task, "resolved_action", None) or getattr(task, "action", None)

    @staticmethod
    def _included(task):
        """False only for a task whose variable itflow_drift_report is literally false (no, 0, off)."""
        try:
            value = task.get_vars().get("itflow_drift_report", True)
        except Exception:  # pylint: disable=broad-except
            return True
        return value is not False and str(value).strip().lower() not in ("false", "no", "0", "off", "n", "f")

    def _collect(self, result, failed=False, item=False):
        task = _task_of(result)
        data = _result_of(result)
        if task is None or not isinstance(data, dict) or not self._included(task):
            return
        if not item and (getattr(task, "loop", None) is not None or getattr(task, "loop_with", None)):
            return  # a loop's own result repeats its items, which came one by one
        if self.collector.add(self._action(task), data, task=to_text(task.get_name()), failed=failed,
                              check_mode=bool(getattr(task, "check_mode", False))):
            self._seen += 1

    def v2_runner_on_ok(self, result):
        self._collect(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._collect(result, failed=True)

    def v2_runner_item_on_ok(self, result):
        self._collect(result, item=True)

    def v2_runner_item_on_failed(self, result):
        self._collect(result, failed=True, item=True)

    # ------------------------------------------------------------------ writing
    def write_reports(self):
        """Write every chosen format (each atomically); return the report. ``paths`` lists the files written."""
        directory = os.path.abspath(os.path.expanduser(self.get_option("dir") or "."))
        base = self.get_option("base_name") or "itflow-drift-report"
        formats = [f.strip().lower() for f in (self.get_option("formats") or list(FORMATS)) if f and f.strip()]
        report = self.collector.build(title=self.get_option("title") or "ITFlow documentation drift")
        if not os.path.isdir(directory):
            os.makedirs(directory)
        paths = []
        for name in [f for f in FORMATS if f in formats]:
            path = os.path.join(directory, "%s.%s" % (base, FORMATS[name]))
            handle, tmp = tempfile.mkstemp(prefix=".%s." % base, dir=directory)
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    out.write(RENDERERS[name](report))
                os.chmod(tmp, 0o644)
                os.replace(tmp, path)
            except Exception:
                if os.path.exists(tmp):
                    os.unlink(tmp)
                raise
            paths.append(path)
        self._written = self._seen
        self.paths = paths
        return report

    def _write(self):
        try:
            return self.write_reports()
        except (OSError, ValueError, KeyError, TypeError) as exc:
            self._display.warning("itflow.itflow.drift_report could not write its reports: %s" % to_text(exc))
            return None

    def v2_playbook_on_play_start(self, play):
        # ansible-core 2.21 returns a module's arguments (invocation) only when asked to (INJECT_INVOCATION); the report
        # needs them for records ITFlow does not hold (their client and name). Ask in every play that does not say otherwise.
        play_vars = getattr(play, "vars", None)
        if isinstance(play_vars, dict):
            play_vars.setdefault("ansible_inject_invocation", True)
        if self._seen and self._seen != self._written:
            self._write()

    def v2_playbook_on_stats(self, stats):
        if not len(self.collector):
            return
        report = self._write()
        if report is None:
            return
        self._display.banner("ITFLOW DRIFT REPORT")
        self._display.display(summary_text(report["summary"]))
        for client in report["clients"]:
            if client["drifting"] or client["errors"]:
                self._display.display("  %s: %s" % (client["name"], summary_text(client["summary"], clients=False)))
        for path in self.paths:
            self._display.display("  %s" % path)
