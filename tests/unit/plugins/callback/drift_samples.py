# -*- coding: utf-8 -*-
"""Module results as itflow modules return them, for the drift report tests."""

from __future__ import absolute_import, division, print_function

LEAKS = ("leaked-otp-current", "leaked-otp-desired", "Seeded-Secret-1", "Declared-Secret-2")
GENERATED = "2026-11-28T03:00:00Z"

# (action, module args, result, failed)
RESULTS = [
    ("itflow.itflow.itflow_client", {"name": "Acme Corp"},
     {"changed": False, "operation": "none", "drift": [], "client": {"id": 1, "name": "Acme Corp", "archived": False}}, False),
    ("itflow.itflow.itflow_asset", {"client": "Acme Corp", "name": "ACME-SRV01", "os": "Ubuntu 24.04", "notes": "a | b\nc `d`"},
     {"changed": True, "operation": "update",
      "drift": [{"field": "os", "current": "Ubuntu 22.04", "desired": "Ubuntu 24.04"},
                {"field": "notes", "current": "", "desired": "a | b\nc `d`"}],
      "asset": {"id": 3, "client_id": 1, "name": "ACME-SRV01", "os": "Ubuntu 24.04"},
      "extra": [{"resource": "asset", "client": "Acme Corp", "id": 9, "name": "OLD-BOX"}]}, False),
    ("itflow_asset", {"client": "Acme Corp", "name": "ACME-NEW", "type": "Laptop", "uri": "https://evil.example/x.png"},
     {"changed": True, "operation": "create",
      "drift": [{"field": "name", "current": None, "desired": "ACME-NEW"}, {"field": "type", "current": None, "desired": "Laptop"},
                {"field": "uri", "current": None, "desired": "https://evil.example/x.png"}],
      "asset": {"name": "ACME-NEW", "type": "Laptop"}}, False),
    ("itflow.itflow.itflow_asset", {"client": 1, "name": "ACME-OLD", "state": "absent"},
     {"changed": True, "operation": "delete", "drift": [{"field": "exists", "current": True, "desired": False}], "asset": {}}, False),
    ("itflow.itflow.itflow_asset", {"client": 1, "name": "ACME-FW01"},
     {"changed": False, "operation": "none", "drift": [], "asset": {"id": 2, "client_id": 1, "name": "ACME-FW01"}}, False),
    ("itflow.itflow.itflow_credential", {"client": "Acme Corp", "name": "ACME-SRV01 admin", "password": "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"},
     {"changed": True, "operation": "update",
      "drift": [{"field": "password", "current": "********", "desired": "********"},
                {"field": "otp_secret", "current": "leaked-otp-current", "desired": "leaked-otp-desired"}],
      "credential": {"id": 4, "client_id": 1, "name": "ACME-SRV01 admin", "password": "********"}}, False),
    ("itflow.itflow.itflow_contact", {"client": "Globex Inc", "name": "Jane Roe", "email": "jane@globex.example"},
     {"changed": True, "operation": "archive", "drift": [{"field": "archived", "current": False, "desired": True}],
      "contact": {"id": 5, "client_id": 2, "email": "jane@globex.example", "name": "Jane Roe"}}, False),
    ("itflow.itflow.itflow_document", {"client": "Globex Inc", "name": "<script>alert(1)</script>"},
     {"msg": "This ITFlow server has no documents/update.php endpoint, so it cannot update a document.",
      "endpoint": "documents/update.php", "status": 404}, True),
    ("itflow.itflow.itflow_vendor", {"name": "Dell Global"},
     {"changed": True, "operation": "update", "drift": [{"field": "website", "current": "dell.example", "desired": "url(x) dell.com"}],
      "vendor": {"id": 7, "client_id": 0, "name": "Dell Global"}}, False),
]

EXPECTED_ACME = """## Acme Corp

4 of 6 declared records drift (1 missing, 2 changed, 1 declared absent), 2 in sync; 1 extra record (in ITFlow, not declared).

### asset ACME-NEW: missing, would create

| Field | ITFlow | Declared |
| --- | --- | --- |
| name | *(none)* | `ACME-NEW` |
| type | *(none)* | `Laptop` |
| uri | *(none)* | `https://evil.example/x.png` |

### asset ACME-SRV01 (id 3): changed, would update

| Field | ITFlow | Declared |
| --- | --- | --- |
| os | `Ubuntu 22.04` | `Ubuntu 24.04` |
| notes | *(empty)* | `` a \\| b \u21b5 c `d` `` |

### credential ACME-SRV01 admin (id 4): changed, would update

| Field | ITFlow | Declared |
| --- | --- | --- |
| password | *secret* | *differs* |
| otp\\_secret | *secret* | *differs* |

### asset ACME-OLD: declared absent, would delete

| Field | ITFlow | Declared |
| --- | --- | --- |
| exists | `true` | `false` |

### Extra records (in ITFlow, not declared)

- asset OLD-BOX (id 9)

In sync: asset ACME-FW01 (id 2), client Acme Corp (id 1).
"""

EXPECTED_GLOBEX = """## Globex Inc

1 of 1 declared record drifts (1 changed), 0 in sync; 1 error.

### contact jane@globex.example (id 5): changed, would archive

| Field | ITFlow | Declared |
| --- | --- | --- |
| archived | `false` | `true` |

### Errors

- document \\<script\\>alert(1)\\</script\\>: This ITFlow server has no documents/update.php endpoint, so it cannot update a document. (task: Documents)
"""
