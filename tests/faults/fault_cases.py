# -*- coding: utf-8 -*-
"""The two axes of the fault matrix: the faults, and the targets (every module, the inventory plugin, the lookup)."""

from __future__ import absolute_import, division, print_function

NO_PERMISSION = "The user linked to this API key does not have permission for this action."

# Faults a client cannot fix by asking again are not retried; the others are, ``retries`` times.
# msg: words the one-line message must hold ("{endpoint}" is the endpoint that failed); hint: words of what to do.
FAULTS = {
    "refused": {"msg": ["connection refused"], "hint": "Check url", "retried": True},
    "dns": {"msg": ["does not resolve (DNS)"], "hint": "Check url", "retried": True},
    "tls": {"msg": ["TLS verification failed", "self-signed certificate"], "hint": "ca_path", "retried": False},
    "read_timeout": {"kind": "hang", "msg": ["did not answer", "within 0.4 seconds"], "hint": "raise timeout", "retried": True},
    "latency": {"kind": "latency", "delay": 0.3, "ok": True},
    "status_500_empty": {"msg": ["empty HTTP 500"], "hint": "error log", "retried": True},
    "status_502_html": {"msg": ["HTTP 502", "502 Bad Gateway", "proxy"], "hint": "Check that ITFlow", "retried": True},
    "malformed_json": {"msg": ["not JSON", "broken or cut off"], "hint": "error log", "retried": True},
    "truncated_json": {"msg": ["not JSON", "broken or cut off"], "hint": "error log", "retried": True},
    "status_401_empty": {"msg": ["HTTP 401", "no API key reached the server"], "hint": "Check api_key", "retried": False},
    "status_403": {"msg": ["HTTP 403", NO_PERMISSION], "hint": "Give the key's user a role", "retried": False},
    "html_404": {"msg": ["has no {endpoint} endpoint", "HTTP 404"], "hint": "Check that url", "retried": False},
    "status_405": {"msg": ["HTTP 405"], "hint": "final https:// address", "retried": False},
}
CONNECTION_FAULTS = ("refused", "dns", "tls")
TRANSIENT = ("drop", "status_500_empty", "status_502_html", "malformed_json", "truncated_json", "hang")


class Target(object):
    """One module: how to call it to create a new record, and where its records live.

    ``read``: the endpoint whose faults it must survive or report; ``create``: its create endpoint on 26.08
    (None where 26.08 cannot create it); ``table``/``column``: where the simulator keeps the record and the
    column that holds ``name``."""

    def __init__(self, module, read, args, create=None, table=None, column=None, decrypt=False, value=None):
        self.module = module
        self.read = read
        self.make_args = args
        self.create = create
        self.table = table
        self.column = column
        self.decrypt = decrypt
        self.value = value or (lambda name: name)

    def args(self, sim, name):
        out = dict(self.make_args(name))
        if self.decrypt:
            out["decrypt_password"] = sim.keys["admin"]["decrypt_password"]
        return out

    def matching(self, sim, name):
        return [r for r in sim.table(self.table) if r.get(self.column) == self.value(name)]

    def __repr__(self):
        return self.module


TARGETS = [
    Target("itflow_client", "clients/read.php", lambda n: {"name": n}, "clients/create.php", "clients", "client_name"),
    Target("itflow_asset", "assets/read.php", lambda n: {"client": 1, "name": n, "type": "Server"}, "assets/create.php", "assets",
           "asset_name"),
    Target("itflow_contact", "contacts/read.php", lambda n: {"client": 1, "email": n + "@faults.example", "name": n},
           "contacts/create.php", "contacts", "contact_email", value=lambda n: n + "@faults.example"),
    Target("itflow_credential", "credentials/read.php", lambda n: {"client": 1, "name": n, "username": "u", "password": "pw-" + n},
           "credentials/create.php", "credentials", "credential_name", decrypt=True),
    Target("itflow_document", "documents/read.php", lambda n: {"client": 1, "name": n, "content": "<p>x</p>"}, "documents/create.php",
           "documents", "document_name"),
    Target("itflow_ticket", "tickets/read.php", lambda n: {"client": 1, "subject": n, "details": "fault test"}, "tickets/create.php",
           "tickets", "ticket_subject"),
    Target("itflow_ticket_reply", "ticket_replies/read.php", lambda n: {"client": 1, "ticket": 1, "reply": n},
           "ticket_replies/create.php", "ticket_replies", "ticket_reply"),
    Target("itflow_location", "locations/read.php", lambda n: {"client": 1, "name": n}, "locations/create.php", "locations",
           "location_name"),
    Target("itflow_certificate", "certificates/read.php", lambda n: {"client": 1, "name": n, "domain": "faults.example"},
           "certificates/create.php", "certificates", "certificate_name"),
    Target("itflow_domain", "domains/read.php", lambda n: {"client": 1, "name": n + ".example"}),
    Target("itflow_network", "networks/read.php", lambda n: {"client": 1, "name": n, "cidr": "10.77.0.0/24"}),
    Target("itflow_software", "software/read.php", lambda n: {"client": 1, "name": n}),
    Target("itflow_vendor", "vendors/read.php", lambda n: {"client": 1, "name": n}),
    Target("itflow_bulk", "assets/read.php", lambda n: {"resource": "asset", "client": 1, "items": [{"name": n, "type": "Server"}]},
           "assets/create.php", "assets", "asset_name"),
    Target("itflow_info", "assets/read.php", lambda n: {"resource": "assets", "client": 1}),
]
BY_NAME = dict((t.module, t) for t in TARGETS)
WRITERS = [t for t in TARGETS if t.create]
