"""Seed data: keys, users and roles, and the ``demo`` / ``empty`` / ``bench`` data sets."""

import datetime

from . import crypto
from .api import register_fold
from .db import now, today

# 26.08 built-in roles (ITFlow's setup seed): module levels 1 read, 2 write, 3 full.
ROLES = [
    (1, "Accountant", 0, {"module_client": 1, "module_support": 1, "module_sales": 1, "module_financial": 2,
                          "module_reporting": 1}),
    (2, "Technician", 0, {"module_client": 2, "module_support": 2, "module_credential": 2, "module_sales": 2}),
    (3, "Administrator", 1, {}),
]

# (user_id, name, email, role, status, archived, allowed clients)
USERS = [
    (1, "Lab Admin", "admin@lab.example", 3, 1, False, []),
    (2, "Tess Technician", "tess@lab.example", 2, 1, False, [1]),
    (3, "Alex Accountant", "alex@lab.example", 1, 1, False, []),
    (4, "Dana Disabled", "dana@lab.example", 2, 0, False, []),
    (5, "Archie Archived", "archie@lab.example", 2, 1, True, []),
]

# alias -> (user id, days until expiry or a fixed date, key name)
KEYS_26_08 = [
    ("admin", 1, 365, "Lab admin key"),
    ("restricted", 2, 365, "Technician (Acme only) key"),
    ("accountant", 3, 365, "Accountant key"),
    ("disabled_user", 4, 365, "Disabled user key"),
    ("archived_user", 5, 365, "Archived user key"),
    ("expired", 1, "2020-01-01", "Expired key"),
    ("revoked", 1, 0, "Revoked key"),
    ("no_user", 0, 365, "Legacy key without user"),
]

# alias -> (client scope, expiry, key name); client 0 = ALL CLIENTS
KEYS_26_04 = [
    ("admin", 0, 365, "All clients key"),
    ("restricted", 1, 365, "Acme key"),
    ("client2", 2, 365, "Globex key"),
    ("expired", 0, "2020-01-01", "Expired key"),
    ("revoked", 0, 0, "Revoked key"),
]

ASSET_TYPES = ["Server", "Workstation", "Laptop", "Virtual Machine", "Firewall/Router", "Switch", "Printer", "Phone"]
ASSET_STATUSES = ["Deployed", "Ready To Deploy", "In Repair", "Broken - Pending Repair", "Out for Repair", "Lost/Stolen"]


def _expiry(spec):
    if isinstance(spec, str):
        return spec
    return (datetime.datetime.utcnow() + datetime.timedelta(days=spec)).strftime("%Y-%m-%d")


def make_keys(profile, api_key=None, decrypt_password=None):
    """The run's keys: ``[{alias, name, secret, decrypt_password, user_id, client_id, expire}]``."""
    keys = []
    specs = KEYS_26_08 if profile == "26.08" else KEYS_26_04
    for alias, owner, expiry, name in specs:
        key = {"alias": alias, "name": name, "secret": crypto.random_string(32),
               "decrypt_password": crypto.random_string(32), "expire": _expiry(expiry),
               "user_id": owner if profile == "26.08" else 0, "client_id": owner if profile != "26.08" else 0}
        if alias == "admin":
            key["secret"] = api_key or key["secret"]
            key["decrypt_password"] = decrypt_password or key["decrypt_password"]
        keys.append(key)
    return keys


def keys_file_entry(profile, key):
    if profile == "26.08":
        client = 1 if key["alias"] == "restricted" else None
    else:
        client = key["client_id"] or None
    return {"api_key": key["secret"], "decrypt_password": key["decrypt_password"], "client_id": client}


class Seeder:
    """Fills a fresh database."""

    def __init__(self, db, profile, keys, master):
        self.db = db
        self.profile = profile
        self.keys = keys
        self.master = master

    def base(self):
        """Company, settings, ticket statuses, roles, users, keys and the two clients."""
        db = self.db
        db.insert("companies", {"company_name": "Lab MSP", "company_phone": "5550100", "company_email": "office@lab.example"})
        db.insert("settings", {"company_id": 1, "config_ticket_prefix": "TCK-", "config_invoice_prefix": "INV-",
                               "config_quote_prefix": "QUO-"})
        for name, color in (("New", "#dc3545"), ("Open", "#007bff"), ("On Hold", "#28a745"), ("Resolved", "#343a40"),
                            ("Closed", "#343a40")):
            db.insert("ticket_statuses", {"ticket_status_name": name, "ticket_status_color": color})
        for role_id, name, admin, perms in ROLES:
            db.insert("user_roles", {"role_id": role_id, "role_name": name, "role_description": "Built-in", "role_is_admin": admin})
            for module, level in perms.items():
                db.insert("user_role_permissions", {"user_role_id": role_id, "module_name": module,
                                                    "user_role_permission_level": level})
        for user_id, name, email, role, status, archived, allowed in USERS:
            db.insert("users", {"user_id": user_id, "user_name": name, "user_email": email, "user_role_id": role,
                                "user_status": status, "user_archived_at": now() if archived else None})
            for client_id in allowed:
                db.insert("user_client_permissions", {"user_id": user_id, "client_id": client_id, "permission_type": "allow"})
        for key in self.keys:
            row = {"api_key_name": key["name"], "api_key_secret": key["secret"], "api_key_expire": key["expire"],
                   "api_key_decrypt_hash": crypto.wrap_master(self.master, key["decrypt_password"])}
            row["api_key_user_id" if self.profile == "26.08" else "api_key_client_id"] = \
                key["user_id"] if self.profile == "26.08" else key["client_id"]
            db.insert("api_keys", row)
        self.client("Acme Corp", "acme.example", "ACME")
        self.client("Globex Inc", "globex.example", "GLOBEX")

    def client(self, name, website, abbreviation):
        return self.db.insert("clients", {
            "client_name": name, "client_type": "Corporation", "client_website": website, "client_referral": "",
            "client_rate": 100, "client_currency_code": "USD", "client_net_terms": 30, "client_tax_id_number": "",
            "client_abbreviation": abbreviation, "client_notes": "", "client_accessed_at": now()})

    # -- demo -------------------------------------------------------------------------------

    def demo(self):
        db = self.db
        loc = {1: [self.location(1, "Acme HQ", 1), self.location(1, "Acme Warehouse", 0)],
               2: [self.location(2, "Globex Main Office", 1)]}
        vendors = {0: self.vendor(0, "Dell Global", "dell.example"), 1: self.vendor(1, "Acme Local IT", "localit.example"),
                   2: self.vendor(2, "Globex Cloud Hosting", "cloudhost.example")}
        contacts = {
            1: [self.contact(1, "Alice Anders", "alice@acme.example", "15551234567", "15559876543", 1, loc[1][0]),
                self.contact(1, "Bob Brown", "bob@acme.example", "15551230000", "", 0, loc[1][1]),
                self.contact(1, "Carol Chen", "carol@acme.example", "15551231111", "15551232222", 0, loc[1][0])],
            2: [self.contact(2, "Gina Green", "gina@globex.example", "5553330000", "5557770000", 1, loc[2][0]),
                self.contact(2, "Hank Hill", "hank@globex.example", "5553331111", "", 0, loc[2][0])],
        }
        nets = {1: self.network(1, "Acme LAN", "10.10.0.0/24", "10.10.0.1", loc[1][0]),
                2: self.network(2, "Globex LAN", "192.168.50.0/24", "192.168.50.1", loc[2][0])}
        assets = [
            (1, "ACME-SRV01", "Server", "Dell", "PowerEdge R650", "SN-ACME-0001", "10.10.0.5", "00:50:56:0A:00:01"),
            (1, "ACME-WS01", "Workstation", "Dell", "OptiPlex 7010", "SN-ACME-0002", "10.10.0.21", "00:50:56:0A:00:02"),
            (1, "ACME-LAP01", "Laptop", "Lenovo", "ThinkPad T14", "SN-ACME-0003", "", "00:50:56:0A:00:03"),
            (2, "GLOBEX-SRV01", "Server", "HPE", "ProLiant DL380", "SN-GLX-0001", "192.168.50.10", "00:50:56:0B:00:01"),
            (2, "GLOBEX-FW01", "Firewall/Router", "Fortinet", "FortiGate 60F", "SN-GLX-0002", "192.168.50.1", "00:50:56:0B:00:02"),
        ]
        asset_ids = {}
        for client_id, name, kind, make, model_name, serial, ip, mac in assets:
            asset_ids[name] = self.asset(client_id, name, kind, make, model_name, serial, ip, mac, loc[client_id][0],
                                         vendors[client_id], contacts[client_id][0], nets[client_id])
        for client_id, domain in ((1, "acme.example"), (2, "globex.example")):
            db.insert("domains", {"domain_name": domain, "domain_description": "Primary domain", "domain_expire": "2027-06-30",
                                  "domain_ip": "203.0.113.%d" % client_id, "domain_name_servers": "ns1.dns.example",
                                  "domain_mail_servers": "mx.%s" % domain, "domain_txt": "v=spf1 -all",
                                  "domain_raw_whois": "", "domain_notes": "", "domain_registrar": vendors[0],
                                  "domain_client_id": client_id})
            db.insert("certificates", {"certificate_name": "%s TLS" % domain, "certificate_description": "Web certificate",
                                       "certificate_domain": domain, "certificate_issued_by": "Lab CA Org",
                                       "certificate_expire": "2027-11-28", "certificate_public_key": "",
                                       "certificate_notes": "", "certificate_client_id": client_id})
        self.software(1, "Windows Server 2022", "Operating System", "KEY-1-AAAA", 5, "2028-01-01", vendors[0])
        self.software(2, "Microsoft 365 Business", "SaaS", "KEY-2-BBBB", 25, "2026-12-31", vendors[2])
        self.document(1, "Backup Procedure", "How backups run", "<p>Backups run nightly at 02:00.</p>")
        self.document(1, "O'Brien's Runbook", "O'Brien's notes", "<p>It's nightly.</p>")
        self.document(2, "Network Diagram", "Globex topology", "<p>Core switch in rack A.</p>")
        self.credential(1, "Domain Admin", "administrator", "S3cret!", "https://dc01.acme.example", asset_ids["ACME-SRV01"])
        self.credential(2, "Firewall Admin", "fwadmin", "Gl0bex-FW!", "https://192.168.50.1", asset_ids["GLOBEX-FW01"])
        self.credential(0, "Global Registrar", "msp-registrar", "R3gistrar#", "https://registrar.example", 0)
        self.tickets_and_replies(contacts, asset_ids)
        self.sales(vendors)

    def location(self, client_id, name, primary):
        return self.db.insert("locations", {
            "location_name": name, "location_description": "", "location_country": "United States",
            "location_address": "1 Main Street", "location_city": "Springfield", "location_state": "IL", "location_zip": "62701",
            "location_hours": "", "location_notes": "", "location_primary": primary, "location_client_id": client_id})

    def vendor(self, client_id, name, website):
        return self.db.insert("vendors", {"vendor_name": name, "vendor_description": "", "vendor_website": website,
                                          "vendor_phone": "5550199", "vendor_notes": "", "vendor_client_id": client_id})

    def contact(self, client_id, name, email, phone, mobile, primary, location_id):
        return self.db.insert("contacts", {
            "contact_name": name, "contact_title": "IT Contact", "contact_email": email, "contact_phone": phone,
            "contact_extension": "", "contact_mobile": mobile, "contact_notes": "", "contact_primary": primary,
            "contact_important": primary, "contact_billing": 0, "contact_technical": 1, "contact_location_id": location_id,
            "contact_department": "IT", "contact_client_id": client_id})

    def network(self, client_id, name, cidr, gateway, location_id):
        return self.db.insert("networks", {
            "network_name": name, "network_description": "", "network_vlan": 10, "network": cidr, "network_subnet": "",
            "network_gateway": gateway, "network_primary_dns": gateway, "network_secondary_dns": "1.1.1.1",
            "network_dhcp_range": "", "network_notes": "", "network_location_id": location_id, "network_client_id": client_id})

    def asset(self, client_id, name, kind, make, model_name, serial, ip, mac, location_id, vendor_id, contact_id, network_id):
        db = self.db
        asset_id = db.insert("assets", {
            "asset_type": kind, "asset_name": name, "asset_description": "", "asset_make": make, "asset_model": model_name,
            "asset_serial": serial, "asset_os": "", "asset_uri": "", "asset_uri_2": "", "asset_status": "Deployed",
            "asset_purchase_date": "2024-01-15", "asset_warranty_expire": "2027-01-15", "asset_install_date": "2024-02-01",
            "asset_notes": "", "asset_vendor_id": vendor_id, "asset_location_id": location_id, "asset_contact_id": contact_id,
            "asset_client_id": client_id})
        db.insert("asset_interfaces", {"interface_name": "1", "interface_mac": mac, "interface_ip": ip, "interface_primary": 1,
                                       "interface_network_id": network_id, "interface_asset_id": asset_id})
        db.insert("asset_history", {"asset_history_status": "Deployed", "asset_history_description": "Asset created",
                                    "asset_history_asset_id": asset_id})
        return asset_id

    def software(self, client_id, name, kind, key, seats, expire, vendor_id):
        self.db.insert("software", {
            "software_name": name, "software_description": "", "software_version": "1.0", "software_type": kind,
            "software_license_type": "Subscription", "software_key": key, "software_seats": seats,
            "software_purchase_reference": "", "software_purchase": "2024-01-01", "software_expire": expire,
            "software_notes": "", "software_vendor_id": vendor_id, "software_client_id": client_id})

    def document(self, client_id, name, description, content):
        self.db.insert("documents", {"document_name": name, "document_description": description, "document_content": content,
                                     "document_content_raw": name + " " + content, "document_created_by": 1,
                                     "document_client_id": client_id})

    def credential(self, client_id, name, username, password, uri, asset_id):
        self.db.insert("credentials", {
            "credential_name": name, "credential_description": "", "credential_uri": uri, "credential_uri_2": "",
            "credential_username": crypto.encrypt(username, self.master),
            "credential_password": crypto.encrypt(password, self.master), "credential_otp_secret": "",
            "credential_note": "", "credential_asset_id": asset_id, "credential_client_id": client_id})

    def tickets_and_replies(self, contacts, asset_ids):
        db = self.db
        specs = [(1, "Printer on fire", "High", 2, None, contacts[1][0], asset_ids["ACME-WS01"]),
                 (1, "Email not syncing", "Medium", 4, now(), contacts[1][1], 0),
                 (2, "VPN down", "High", 1, None, contacts[2][0], asset_ids["GLOBEX-FW01"])]
        ticket_ids = []
        for client_id, subject, priority, status, resolved, contact_id, asset_id in specs:
            number = db.next_number("config_ticket_next_number")
            ticket_ids.append(db.insert("tickets", {
                "ticket_prefix": "TCK-", "ticket_number": number, "ticket_source": "In-App", "ticket_category": "",
                "ticket_subject": subject, "ticket_details": "<p>%s</p>" % subject, "ticket_priority": priority,
                "ticket_status": status, "ticket_vendor_ticket_number": "", "ticket_url_key": crypto.random_string(32),
                "ticket_resolved_at": resolved, "ticket_first_response_at": resolved, "ticket_created_by": 1,
                "ticket_assigned_to": 2 if client_id == 1 else 1, "ticket_client_id": client_id, "ticket_contact_id": contact_id,
                "ticket_asset_id": asset_id}))
            db.insert("ticket_history", {"ticket_history_status": "New", "ticket_history_description": "Ticket created",
                                         "ticket_history_ticket_id": ticket_ids[-1]})
        for ticket_id, reply, kind, worked, user_id in (
                (ticket_ids[0], "<p>Unplugged the printer.</p>", "Public", "01:00:00", 1),
                (ticket_ids[0], "<p>Ordered a new fuser.</p>", "Internal", "00:45:00", 1),
                (ticket_ids[1], "<p>Re-created the mail profile.</p>", "Public", "00:30:00", 2),
                (ticket_ids[2], "<p>Looking into it.</p>", "Internal", "00:15:00", 1)):
            db.insert("ticket_replies", {"ticket_reply": reply, "ticket_reply_type": kind, "ticket_reply_time_worked": worked,
                                         "ticket_reply_by": user_id, "ticket_reply_ticket_id": ticket_id})

    def sales(self, vendors):
        db = self.db
        db.insert("taxes", {"tax_name": "Sales Tax", "tax_percent": 10})
        service = db.insert("products", {"product_name": "Managed Services", "product_type": "service",
                                         "product_description": "Monthly per-seat support", "product_code": "MS-01",
                                         "product_price": 100, "product_currency_code": "USD"})
        keyboard = db.insert("products", {"product_name": "USB Keyboard", "product_type": "product",
                                          "product_description": "Wired keyboard", "product_code": "KB-01",
                                          "product_price": 25, "product_currency_code": "USD"})
        db.insert("product_stock", {"stock_qty": 10, "stock_note": "Initial stock", "stock_product_id": keyboard})
        invoices = []
        for client_id, status, items in ((1, "Draft", [("Setup", 300), ("Discount", -50), ("Cable", 10)]),
                                         (2, "Partial", [("Managed Services", 500)])):
            number = db.next_number("config_invoice_next_number")
            invoice_id = db.insert("invoices", {
                "invoice_prefix": "INV-", "invoice_number": number, "invoice_scope": "Services", "invoice_status": status,
                "invoice_date": today(), "invoice_due": today(), "invoice_amount": sum(p for _n, p in items),
                "invoice_currency_code": "USD", "invoice_note": "", "invoice_url_key": crypto.random_string(32),
                "invoice_client_id": client_id})
            invoices.append(invoice_id)
            for order, (name, price) in enumerate(items, 1):
                db.insert("invoice_items", {
                    "item_name": name, "item_description": "", "item_quantity": 1, "item_price": price, "item_subtotal": price,
                    "item_total": price, "item_order": order, "item_product_id": service if name == "Managed Services" else 0,
                    "item_invoice_id": invoice_id})
        for client_id in (1, 2):
            number = db.next_number("config_quote_next_number")
            db.insert("quotes", {"quote_prefix": "QUO-", "quote_number": number, "quote_scope": "Hardware refresh",
                                 "quote_status": "Draft", "quote_date": today(), "quote_expire": today(), "quote_amount": 1200,
                                 "quote_currency_code": "USD", "quote_note": "", "quote_url_key": crypto.random_string(32),
                                 "quote_client_id": client_id})
        db.insert("expenses", {"expense_description": "Office supplies", "expense_amount": 45, "expense_currency_code": "USD",
                               "expense_date": today(), "expense_reference": "R-1", "expense_payment_method": "Card",
                               "expense_vendor_id": vendors[0], "expense_client_id": 0, "expense_account_id": 1})
        db.insert("expenses", {"expense_description": "Acme onsite travel", "expense_amount": 120, "expense_currency_code": "USD",
                               "expense_date": today(), "expense_reference": "R-2", "expense_payment_method": "Cash",
                               "expense_vendor_id": 0, "expense_client_id": 1, "expense_account_id": 1})
        db.insert("payments", {"payment_date": today(), "payment_amount": 200, "payment_currency_code": "USD",
                               "payment_method": "Check", "payment_reference": "CHK-1001", "payment_account_id": 1,
                               "payment_invoice_id": invoices[1]})

    # -- bench ------------------------------------------------------------------------------

    def bench(self, assets, clients):
        """``assets`` assets across ``clients`` clients (1 and 2 are Acme and Globex), each client
        with a location, a vendor, a network and a contact; bulk inserts in one transaction."""
        db = self.db
        clients = max(2, clients)
        stamp = now()
        db.insert_many("clients", ["client_name", "client_type", "client_website", "client_rate", "client_currency_code",
                                   "client_net_terms", "client_abbreviation", "client_notes", "client_created_at"],
                       [("Bench Client %04d" % c, "Corporation", "client%d.example" % c, "100.00", "USD", 30, "BC%d" % c,
                         "", stamp) for c in range(3, clients + 1)])
        ids = range(1, clients + 1)
        db.insert_many("locations", ["location_id", "location_name", "location_primary", "location_client_id",
                                     "location_created_at"],
                       [(c, "Location %d" % c, 1, c, stamp) for c in ids])
        db.insert_many("vendors", ["vendor_id", "vendor_name", "vendor_client_id", "vendor_created_at"],
                       [(c, "Vendor %d" % c, c, stamp) for c in ids])
        db.insert_many("networks", ["network_id", "network_name", "network", "network_gateway", "network_vlan",
                                    "network_location_id", "network_client_id", "network_created_at"],
                       [(c, "Network %d" % c, "10.%d.%d.0/24" % (c // 256, c % 256), "10.%d.%d.1" % (c // 256, c % 256), 10,
                         c, c, stamp) for c in ids])
        db.insert_many("contacts", ["contact_id", "contact_name", "contact_email", "contact_phone", "contact_primary",
                                    "contact_location_id", "contact_client_id", "contact_created_at"],
                       [(c, "Contact %d" % c, "contact%d@client%d.example" % (c, c), "555%07d" % c, 1, c, c, stamp)
                        for c in ids])
        asset_rows, iface_rows = [], []
        for i in range(1, assets + 1):
            client = (i - 1) % clients + 1
            kind = ASSET_TYPES[(i + i // clients) % len(ASSET_TYPES)]
            asset_rows.append((i, kind, "BENCH-%06d" % i, "", "Dell", "Model %d" % (i % 7), "SN%08d" % i, "", "", "",
                               ASSET_STATUSES[(i + i // clients) % len(ASSET_STATUSES)], "2024-01-15", stamp,
                               stamp if i % 997 == 0 else None, client, client, client, client))
            iface_rows.append((i, "1", "02:00:%02X:%02X:%02X:%02X" % (i >> 24 & 255, i >> 16 & 255, i >> 8 & 255, i & 255),
                               "10.%d.%d.%d" % (client // 256, client % 256, i % 250 + 2), 1, stamp, client, i))
        db.insert_many("assets", ["asset_id", "asset_type", "asset_name", "asset_description", "asset_make", "asset_model",
                                  "asset_serial", "asset_os", "asset_uri", "asset_notes", "asset_status",
                                  "asset_purchase_date", "asset_created_at", "asset_archived_at", "asset_vendor_id",
                                  "asset_location_id", "asset_contact_id", "asset_client_id"], asset_rows)
        db.insert_many("asset_interfaces", ["interface_id", "interface_name", "interface_mac", "interface_ip",
                                            "interface_primary", "interface_created_at", "interface_network_id",
                                            "interface_asset_id"], iface_rows)


# Indexes for the read filters the collection finds records by (h_*.py compare them "COLLATE FOLD"):
# built after the rows are in, so that a 50,000-asset seed stays quick and a lookup by name, serial or
# MAC does not scan every row.
FILTER_INDEXES = [
    ("assets", "asset_name"),
    ("assets", "asset_serial"),
    ("asset_interfaces", "interface_mac"),
    ("clients", "client_name"),
    ("contacts", "contact_email"),
]


def filter_indexes(db):
    register_fold(db)
    for table, col in FILTER_INDEXES:
        db.conn.execute("CREATE INDEX IF NOT EXISTS idx_fold_%s_%s ON %s (%s COLLATE FOLD)" % (table, col, table, col))


def populate(db, profile, seed_name, keys, master, assets=10000, clients=500):
    """(Re)create every table and fill it for ``seed_name``."""
    with db.lock:
        db.create()
        db.conn.execute("BEGIN")
        try:
            seeder = Seeder(db, profile, keys, master)
            seeder.base()
            if seed_name == "demo":
                seeder.demo()
            elif seed_name == "bench":
                seeder.bench(assets, clients)
            filter_indexes(db)
            db.conn.execute("COMMIT")
        except Exception:
            db.conn.execute("ROLLBACK")
            raise
