# -*- coding: utf-8 -*-
"""scripts/matrix.sh, step smoke: the drift report of tests/matrix_files/declaration.yml is the known drift, and ITFlow is unchanged.

Usage: python check_smoke.py REPORT.json   (ITFLOW_URL and ITFLOW_API_KEY name the simulator the run checked)
"""

from __future__ import absolute_import, division, print_function

import json
import os
import sys

import requests

# (resource, name) -> (status, {field: (ITFlow value, declared value)})
EXPECTED = {
    ("client", "Demo Corp"): ("in_sync", {}),
    ("asset", "DEMO-SRV01"): ("update", {"os": ("Ubuntu 24.04", "Ubuntu 26.04")}),
    ("asset", "DEMO-SRV02"): ("in_sync", {}),
    ("asset", "DEMO-NEW01"): ("create", {"name": (None, "DEMO-NEW01"), "type": (None, "Laptop"), "make": (None, "Lenovo")}),
}


def problems(report, assets):
    """Every difference between the report (and the assets ITFlow holds afterwards) and what is expected."""
    found = []
    if report["mode"] != "check":
        found.append("mode is %r, not 'check'" % report["mode"])
    clients = dict((c["name"], c) for c in report["clients"])
    if list(clients) != ["Demo Corp"]:
        found.append("clients %s, expected only Demo Corp" % sorted(clients))
    records = {}
    for client in clients.values():
        for record in client["records"]:
            drift = dict((d["field"], (d["current"], d["desired"])) for d in record["drift"])
            records[(record["resource"], record["name"])] = (record["status"], drift)
        for error in client["errors"]:
            found.append("error in the report: %s" % json.dumps(error))
    if records != EXPECTED:
        found.append("records %s, expected %s" % (sorted(records.items()), sorted(EXPECTED.items())))
    counts = dict((k, report["summary"][k]) for k in ("records", "drifting", "create", "update", "delete", "in_sync", "errors"))
    if counts != {"records": 4, "drifting": 2, "create": 1, "update": 1, "delete": 0, "in_sync": 2, "errors": 0}:
        found.append("summary %s" % json.dumps(counts, sort_keys=True))
    # Read back: check mode wrote nothing.
    by_name = dict((a["asset_name"], a) for a in assets)
    if "DEMO-NEW01" in by_name:
        found.append("DEMO-NEW01 exists in ITFlow after a check-mode run")
    if by_name.get("DEMO-SRV01", {}).get("asset_os") != "Ubuntu 24.04":
        found.append("DEMO-SRV01's OS in ITFlow is %r after a check-mode run" % by_name.get("DEMO-SRV01", {}).get("asset_os"))
    return found


def main(path):
    with open(path, encoding="utf-8") as handle:
        report = json.load(handle)
    answer = requests.get(os.environ["ITFLOW_URL"] + "/api/v1/assets/read.php", params={"api_key": os.environ["ITFLOW_API_KEY"]}, timeout=60)
    answer.raise_for_status()
    found = problems(report, answer.json().get("data") or [])
    for problem in found:
        print("drift report check: %s" % problem)
    if not found:
        print("drift report check: %s matches the known drift (1 missing, 1 changed, 2 in sync); ITFlow unchanged" % os.path.basename(path))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
