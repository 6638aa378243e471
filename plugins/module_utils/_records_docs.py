# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Records of contacts, locations, vendors, networks, domains, certificates and software.

Which operations exist differs by ITFlow version (26.08: contacts full, locations and
certificates read+create, domains/networks/software/vendors read only; the 26.04 build:
every write but domain/network create/update, which always crash). No version table is
kept: the engine tries the operation, and the "explain" texts below say what ITFlow
does when it is missing or fails, so the message a user gets is actionable.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowInputError
from ansible_collections.itflow.itflow.plugins.module_utils._fields import Field
from ansible_collections.itflow.itflow.plugins.module_utils._resource import Resource

T = "text"
S200 = 200  # varchar(200) columns: ITFlow crashes (HTTP 500) on longer values


# ------------------------------------------------------------------ contacts

def _contact_check(params):
    # ITFlow's contacts/archive.php sets important, billing and technical to 0 (and
    # unarchive does not restore them): an archived contact flagged so would never converge.
    if params.get("state") == "archived":
        flagged = [o for o in ("important", "billing", "technical") if params.get(o)]
        if flagged:
            raise ITFlowInputError(
                "%s cannot be true with state=archived: ITFlow clears important, billing and technical when it archives a "
                "contact." % " and ".join(flagged))


CONTACT = Resource(
    "contact", "contacts", natural_key=("email",), ops=("create", "update", "archive", "unarchive", "delete"),
    # No carry: in particular contact_primary is sent only when the user sets primary (ITFlow
    # clears the flag on the client's other contacts, even for a bad contact id). Every write
    # carries the contact's own client_id (the engine's rule), which on the 26.04 build is what
    # keeps contacts/update from blanking the contact and moving it to another client.
    quirks={
        "name_filter": "contact_email",
        "create_requires": ("name",),
        "check": _contact_check,
        "explain": {
            "create": "ITFlow refuses a second contact with the same e-mail in a client",
        },
    },
    fields=[
        Field("name", "contact_name", T, max_len=S200),
        Field("email", "contact_email", T, max_len=S200),
        Field("title", "contact_title", T, max_len=S200),
        Field("department", "contact_department", T, max_len=S200),
        Field("phone", "contact_phone", "digits", max_len=S200),
        Field("extension", "contact_extension", "digits", max_len=S200),  # ITFlow keeps digits only
        Field("mobile", "contact_mobile", "digits", max_len=S200),
        Field("notes", "contact_notes", T),
        Field("primary", "contact_primary", "bool"),
        Field("important", "contact_important", "bool"),
        Field("billing", "contact_billing", "bool"),
        Field("technical", "contact_technical", "bool"),
        Field("location", "contact_location_id", "int", ref="location"),
    ])

# ------------------------------------------------------------------ locations

LOCATION = Resource(
    "location", "locations",
    quirks={
        "explain": {
            "update": "ITFlow 26.08 has no locations/update.php: locations can only be created and read through its API "
                      "(the 26.04 build can update them)",
            "delete": "ITFlow 26.08 has no locations/delete.php: locations can only be created and read through its API "
                      "(the 26.04 build can delete them)",
        },
    },
    # Phone and fax are not offered: no ITFlow version stores them through the API.
    fields=[
        Field("name", "location_name", T, max_len=S200),
        Field("description", "location_description", T),
        Field("country", "location_country", T, max_len=S200),
        Field("address", "location_address", T, max_len=S200),
        Field("city", "location_city", T, max_len=S200),
        Field("state_province", "location_state", T, max_len=S200),  # "state" is the task state
        Field("zip", "location_zip", T, max_len=S200),
        Field("hours", "location_hours", T, max_len=S200),
        Field("notes", "location_notes", T),
        Field("primary", "location_primary", "bool"),
    ])

# ------------------------------------------------------------------ vendors

VENDOR = Resource(
    # client is optional: without it the vendor is a global one (ITFlow's client 0).
    "vendor", "vendors", client_required=False,
    quirks={
        "explain": dict(
            (op, "ITFlow 26.08 has no vendors/%s.php: vendors are read-only in its API (the 26.04 build can create, "
                 "update and delete them)" % op)
            for op in ("create", "update", "delete")),
    },
    # Only these five are stored by the 26.04 vendors/create and update; every other vendor
    # column (e-mail, contact name, hours, SLA, account number...) is ignored by the API.
    fields=[
        Field("name", "vendor_name", T, max_len=S200),
        Field("description", "vendor_description", T, max_len=S200),
        Field("website", "vendor_website", "website", max_len=S200),
        Field("phone", "vendor_phone", "raw", max_len=S200),  # stored as sent, not reduced to digits
        Field("notes", "vendor_notes", T),
    ])

# ------------------------------------------------------------------ networks and domains

_CRASHES = ("the 26.04 build's %s/%s.php crashes (HTTP 500) on every call because it writes columns its own database "
            "does not have, so no request can succeed")

NETWORK = Resource(
    "network", "networks",
    quirks={
        "explain": {
            "create": "ITFlow 26.08 has no networks/create.php: networks are read-only in its API; " + _CRASHES % ("networks", "create"),
            "update": "ITFlow 26.08 has no networks/update.php: networks are read-only in its API; " + _CRASHES % ("networks", "update"),
            "delete": "ITFlow 26.08 has no networks/delete.php: networks are read-only in its API (the 26.04 build can delete them)",
        },
    },
    fields=[
        Field("name", "network_name", T, max_len=S200),
        Field("description", "network_description", T),
        Field("vlan", "network_vlan", "int", minimum=0, maximum=4094),  # 802.1Q ids; 0 for none
        Field("cidr", "network", "cidr"),
        Field("gateway", "network_gateway", "ip"),
        Field("primary_dns", "network_primary_dns", "ip"),
        Field("secondary_dns", "network_secondary_dns", "ip"),
        Field("dhcp_range", "network_dhcp_range", T, max_len=S200),
        Field("notes", "network_notes", T),
        Field("location", "network_location_id", "int", ref="location"),
    ])

DOMAIN = Resource(
    "domain", "domains",
    quirks={
        "explain": {
            "create": "ITFlow 26.08 has no domains/create.php: domains are read-only in its API; " + _CRASHES % ("domains", "create"),
            "update": "ITFlow 26.08 has no domains/update.php: domains are read-only in its API; " + _CRASHES % ("domains", "update"),
            "delete": "ITFlow 26.08 has no domains/delete.php: domains are read-only in its API (the 26.04 build can delete them)",
        },
    },
    fields=[
        Field("name", "domain_name", T, max_len=S200),
        Field("description", "domain_description", T),
        Field("expire", "domain_expire", "date"),
        Field("registrar", "domain_registrar", "int", ref="vendor"),
        Field("webhost", "domain_webhost", "int", ref="vendor"),
        Field("dnshost", "domain_dnshost", "int", ref="vendor"),
        Field("mailhost", "domain_mailhost", "int", ref="vendor"),
        Field("notes", "domain_notes", T),
    ])

# ------------------------------------------------------------------ certificates

_CERT_TEXT = ("certificate_name", "certificate_description", "certificate_domain", "certificate_issued_by",
              "certificate_public_key", "certificate_notes")


def _certificate_prepare(op, payload, current, values):
    # The 26.04 build's certificates/update.php puts each stored value it falls back on into
    # its SQL unescaped, so a stored value containing ' crashes the update (HTTP 500) unless
    # that field is sent. Re-sending the stored value unchanged avoids the crash without
    # changing any data (ITFlow stores text already stripped and trimmed, so it round-trips),
    # and is harmless on servers without the bug.
    # A stored NULL expiry crashes it too, but NULL cannot be re-sent (an empty expiry also
    # crashes): that case is left to fail, with the explanation below, unless expire is set.
    if op == "update" and current is not None:
        for column in _CERT_TEXT:
            stored = current.get(column)
            if column not in payload and isinstance(stored, str) and "'" in stored:
                payload[column] = stored
    return payload


CERTIFICATE = Resource(
    "certificate", "certificates",
    quirks={
        "create_requires": ("domain",),
        "prepare": _certificate_prepare,
        "explain": {
            "update": "ITFlow 26.08 has no certificates/update.php: certificates can only be created and read through its "
                      "API; the 26.04 build's update crashes (HTTP 500) when the certificate has no expiry date stored, "
                      "unless expire is set in the same task",
            "delete": "ITFlow 26.08 has no certificates/delete.php: certificates can only be created and read through its "
                      "API (the 26.04 build can delete them)",
        },
    },
    fields=[
        Field("name", "certificate_name", T, max_len=S200),
        Field("description", "certificate_description", T),
        Field("domain", "certificate_domain", T, max_len=S200),
        Field("issued_by", "certificate_issued_by", T, max_len=S200),
        Field("expire", "certificate_expire", "date"),
        Field("public_key", "certificate_public_key", "raw"),
        Field("notes", "certificate_notes", T),
    ])

# ------------------------------------------------------------------ software

# No prepare hook for software (decided against re-sending stored values): the 26.04 build's
# software/update.php writes the stored type back unquoted and the stored expiry back as is.
# On records that build made itself (type "0", an expiry date) that works without re-sending
# anything. It crashes (HTTP 500) only on a text type ("Operating System", from the web
# interface) or a NULL expiry, and neither can be re-sent without changing data: that build
# converts a sent type to a number (the text would become 0), and an empty expiry crashes
# too. So such an update is tried, fails, and the message explains it (set expire for the
# second case); nothing is lost.


SOFTWARE = Resource(
    "software", "software", plural="software", prefix="software_",
    quirks={
        "explain": {
            "create": "ITFlow 26.08 has no software/create.php: software is read-only in its API; the 26.04 build's "
                      "create crashes (HTTP 500) unless expire is set",
            "verify": "the 26.04 build stores type as a number and ignores license_type, purchase and purchase_reference",
            "update": "ITFlow 26.08 has no software/update.php: software is read-only in its API; the 26.04 build's "
                      "update crashes (HTTP 500) when the record has no expiry date stored (set expire) or has a text "
                      "type such as one set in the web interface (that build can only store a number as type, so setting "
                      "type would lose it); that build also ignores license_type, purchase and purchase_reference",
            "delete": "ITFlow 26.08 has no software/delete.php: software is read-only in its API (the 26.04 build can "
                      "delete it)",
        },
    },
    fields=[
        Field("name", "software_name", T, max_len=S200),
        Field("description", "software_description", T),
        Field("version", "software_version", T, max_len=S200),
        Field("type", "software_type", T, max_len=S200),
        Field("license_type", "software_license_type", T, max_len=S200),
        Field("key", "software_key", T, max_len=S200, secret=True),
        Field("seats", "software_seats", "int", minimum=0),
        Field("purchase_reference", "software_purchase_reference", T, max_len=S200),
        Field("purchase", "software_purchase", "date"),
        Field("expire", "software_expire", "date"),
        Field("notes", "software_notes", T),
        Field("vendor", "software_vendor_id", "int", ref="vendor"),
    ])
