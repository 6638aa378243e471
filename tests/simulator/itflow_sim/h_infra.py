"""certificates (§4, 26.04 §4.8), domains / networks / software (§9, 26.04 §4.5-4.7),
locations (§12, 26.04 §4.3) and vendors (§13, 26.04 §4.4).

``*_full`` handlers are the ``full`` profile's working versions of 26.04's crashing endpoints.
"""

import re

from . import x509
from .model import (F, Filter, create_failed, created, delete_by_id, filtered_read, full_date, full_field, model,
                    rows_result, select, update_by_id, updated)
from .php import Crash, clean, intval, php_empty


def _create(req, table, values, log_type, noun, name, client_id=None):
    client_id = req.client_id if client_id is None else client_id
    new_id = req.db.insert(table, values)
    req.log(log_type, "Create", "Created %s %s via API (%s)" % (noun, name, req.key_name), client_id, new_id)
    req.log("API", "Success", "Created %s %s via API (%s)" % (noun, name, req.key_name), client_id)
    return created(new_id)


# --- certificates --------------------------------------------------------------------------------

# certificate_model.php falls back to the stored values *unescaped*: on the 26.04 update a stored
# ' breaks the statement unless the field is re-sent, and a NULL expiry becomes '' (an invalid
# date) unless certificate_expire is sent (26.04 §4.8).
_CERT_TEXT = ("certificate_name", "certificate_description", "certificate_domain", "certificate_issued_by",
              "certificate_expire", "certificate_public_key", "certificate_notes")
CERT_FIELDS = [F(name, raw_row=True) for name in _CERT_TEXT]
CERT_FIELDS.append(F("certificate_domain_id", conv="int", default=0))


def certificates_read(req):
    return filtered_read(req, "certificates", "certificate_client_id",
                         [Filter("certificate_id", mode="id"), Filter("certificate_name", col="certificate_name COLLATE FOLD")])


def certificates_create(req):
    """Non-zero client, name and domain required; a PEM without expire/issued_by fills both."""
    values = model(req.body, CERT_FIELDS)
    if php_empty(values["certificate_name"]) or php_empty(values["certificate_domain"]) or php_empty(req.client_id):
        return create_failed()
    if not php_empty(values["certificate_public_key"]) and php_empty(values["certificate_expire"]) \
            and php_empty(values["certificate_issued_by"]):
        parsed = x509.parse(req.body.get("certificate_public_key"))
        if parsed:
            values["certificate_expire"] = parsed["expire"]
            values["certificate_issued_by"] = clean(parsed["issuer_o"])
    if php_empty(values["certificate_expire"]):
        values["certificate_expire"] = None
    values["certificate_client_id"] = req.client_id
    new_id = req.db.insert("certificates", values)
    name = values["certificate_name"]
    req.log("Certificate", "Create", "%s via API (%s)" % (name, req.key_name), req.client_id, new_id)
    req.log("API", "Success", "Created certificate %s via API (%s)" % (name, req.key_name), req.client_id, new_id)
    return created(new_id)


def certificates_update(req):
    return update_by_id(req, "certificates", "certificate_id", CERT_FIELDS, "Certificate", "certificate", "certificate_name",
                        "certificate_client_id")


def certificates_delete(req):
    return delete_by_id(req, "certificates", "certificate_id", "certificate_name", "Certificate", "certificate_client_id")


# --- domains -------------------------------------------------------------------------------------

def domains_read(req):
    return filtered_read(req, "domains", "domain_client_id",
                         [Filter("domain_id", mode="id"), Filter("domain_name", col="domain_name COLLATE FOLD")])


def crash_unless(condition, column):
    """26.04's create/update files that write a column their schema lacks: once past their own
    guard, the statement always fails (HTTP 500). Returns normally only when not crashing."""
    if condition:
        raise Crash("Unknown column '%s' in 'field list'" % column)
    return None


def domains_create(req):
    crash_unless(not php_empty(clean(req.body.get("domain_name"))), "domain_vendor_id")
    return create_failed()


def domains_update(req):
    crash_unless(intval(req.body.get("domain_id")) != 0, "domain_vendor_id")
    return updated(0)


def domains_delete(req):
    return delete_by_id(req, "domains", "domain_id", "domain_name", "Domain", "domain_client_id")


DOMAIN_FIELDS = [full_field(name) for name in ("domain_name", "domain_description", "domain_ip", "domain_name_servers",
                                               "domain_mail_servers", "domain_txt", "domain_notes")]
DOMAIN_FIELDS.append(full_date("domain_expire"))
DOMAIN_FIELDS += [full_field(name, conv="int", default=0) for name in ("domain_registrar", "domain_webhost", "domain_dnshost",
                                                                       "domain_mailhost")]


def _full_create(req, table, fields, name_col, prefix, log_type, noun):
    values = model(req.body, fields)
    if php_empty(values[name_col]) or php_empty(req.client_id):
        return create_failed()
    values[prefix + "_client_id"] = req.client_id
    return _create(req, table, values, log_type, noun, values[name_col])


def domains_create_full(req):
    return _full_create(req, "domains", DOMAIN_FIELDS, "domain_name", "domain", "Domain", "domain")


def domains_update_full(req):
    return update_by_id(req, "domains", "domain_id", DOMAIN_FIELDS, "Domain", "domain", "domain_name", "domain_client_id")


# --- networks ------------------------------------------------------------------------------------

def networks_read(req):
    return filtered_read(req, "networks", "network_client_id",
                         [Filter("network_id", mode="id"), Filter("network_name", col="network_name COLLATE FOLD")])


def networks_create(req):
    crash_unless(not php_empty(clean(req.body.get("network_name"))), "network_address")
    return create_failed()


def networks_update(req):
    crash_unless(intval(req.body.get("network_id")) != 0, "network_address")
    return updated(0)


def networks_delete(req):
    return delete_by_id(req, "networks", "network_id", "network_name", "Network", "network_client_id")


NETWORK_FIELDS = [full_field("network_name"), full_field("network_description"), full_field("network_vlan", conv="int", default=None),
                  full_field("network"), full_field("network_subnet"), full_field("network_gateway"), full_field("network_primary_dns"),
                  full_field("network_secondary_dns"), full_field("network_dhcp_range"), full_field("network_notes"),
                  full_field("network_location_id", conv="int", default=0)]


def networks_create_full(req):
    return _full_create(req, "networks", NETWORK_FIELDS, "network_name", "network", "Network", "network")


def networks_update_full(req):
    return update_by_id(req, "networks", "network_id", NETWORK_FIELDS, "Network", "network", "network_name", "network_client_id")


# --- software ------------------------------------------------------------------------------------

def software_read(req):
    """software_key takes its value from software_license; software_name always crashes (it
    sorts by asset_id); software_type is converted to an integer (§9)."""
    query = req.query
    scope = "software_client_id"
    if "software_id" in query:
        return rows_result(select(req, "software", "software_id = ?", [intval(query["software_id"])], scope, single=True))
    if "software_key" in query:
        return rows_result(select(req, "software", "software_key = ?", [query.get("software_license", "")], scope))
    if "software_name" in query:
        raise Crash("Unknown column 'asset_id' in 'order clause'")
    if "software_type" in query:
        return rows_result(select(req, "software", "software_type = ?", [str(intval(query["software_type"]))], scope))
    return rows_result(select(req, "software", "1=1", [], scope))


# software_model.php (26.04): seats, type and vendor go into the SQL unquoted (a stored text
# type or NULL seats is a syntax error); the expiry is quoted raw, so NULL -> '' and an omitted
# expiry on create -> 'NULL': both invalid dates (26.04 §4.7).
SOFTWARE_FIELDS = [
    F("software_name"), F("software_description"), F("software_key"),
    F("software_seats", conv="int", default=0, quoted=False),
    F("software_version"),
    F("software_expire", default="NULL", raw_row=True),
    F("software_notes"),
    F("software_type", conv="int", default=0, quoted=False),
    F("software_vendor_id", conv="int", default=0, quoted=False),
]


def software_create(req):
    values = model(req.body, SOFTWARE_FIELDS)
    if php_empty(values["software_name"]):
        return create_failed()
    values["software_client_id"] = req.client_id
    return _create(req, "software", values, "Software", "software", values["software_name"])


def software_update(req):
    return update_by_id(req, "software", "software_id", SOFTWARE_FIELDS, "Software", "software", "software_name",
                        "software_client_id")


def software_delete(req):
    return delete_by_id(req, "software", "software_id", "software_name", "Software", "software_client_id")


SOFTWARE_FIELDS_FULL = [full_field("software_name"), full_field("software_description"), full_field("software_version"),
                        full_field("software_type"), full_field("software_license_type"), full_field("software_key"),
                        full_field("software_seats", conv="int", default=None), full_field("software_purchase_reference"),
                        full_date("software_purchase"), full_date("software_expire"), full_field("software_notes"),
                        full_field("software_vendor_id", conv="int", default=0)]


def software_create_full(req):
    return _full_create(req, "software", SOFTWARE_FIELDS_FULL, "software_name", "software", "Software", "software")


def software_update_full(req):
    return update_by_id(req, "software", "software_id", SOFTWARE_FIELDS_FULL, "Software", "software", "software_name",
                        "software_client_id")


# --- locations -----------------------------------------------------------------------------------

LOCATION_FIELDS = [F(name) for name in ("location_name", "location_description", "location_country", "location_address",
                                        "location_city", "location_state", "location_zip", "location_hours", "location_notes")]
LOCATION_FIELDS.append(F("location_primary", conv="int", default="0"))  # phone and fax cannot be set


def locations_read(req):
    return filtered_read(req, "locations", "location_client_id", [Filter("location_id", mode="id")])


def locations_create(req):
    """location_primary:1 clears the client's other primaries (the 26.04 update does not)."""
    values = model(req.body, LOCATION_FIELDS)
    if php_empty(values["location_name"]) or php_empty(req.client_id):
        return create_failed()
    if intval(values["location_primary"]) == 1:
        req.db.update("locations", {"location_primary": 0}, "location_client_id = ?", (req.client_id,))
    values["location_client_id"] = req.client_id
    new_id = req.db.insert("locations", values)
    name = values["location_name"]
    req.log("Location", "Create", "%s via API (%s)" % (name, req.key_name), req.client_id, new_id)
    req.log("API", "Success", "Created location %s via API (%s)" % (name, req.key_name), req.client_id)
    return created(new_id)


def locations_update(req):
    return update_by_id(req, "locations", "location_id", LOCATION_FIELDS, "Location", "location", "location_name",
                        "location_client_id")


def locations_delete(req):
    return delete_by_id(req, "locations", "location_id", "location_name", "Location", "location_client_id")


# --- vendors -------------------------------------------------------------------------------------

VENDOR_FIELDS = [F("vendor_name"), F("vendor_description"),
                 F("vendor_website", conv=lambda v: re.sub(r"^https?://", "", clean(v))),
                 F("vendor_phone"),  # stored as sent (not reduced to digits)
                 F("vendor_notes")]


def vendors_read(req):
    return filtered_read(req, "vendors", "vendor_client_id", [Filter("vendor_id", mode="id")])


def vendors_create(req):
    values = model(req.body, VENDOR_FIELDS)
    if php_empty(values["vendor_name"]):
        return create_failed()
    values["vendor_client_id"] = req.client_id
    return _create(req, "vendors", values, "Vendor", "vendor", values["vendor_name"])


def vendors_update(req):
    return update_by_id(req, "vendors", "vendor_id", VENDOR_FIELDS, "Vendor", "vendor", "vendor_name", "vendor_client_id")


def vendors_delete(req):
    return delete_by_id(req, "vendors", "vendor_id", "vendor_name", "Vendor", "vendor_client_id")
