# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One record per ITFlow resource: everything ITFlow-specific about it.

The engine reads these and nothing else: the endpoint folder, the id field, the
column prefix, the natural key, the option-to-column names and kinds, which
operations a server may have, and the quirks that must be worked around. No
version table is kept: the engine tries the operation and interprets the answer.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils._fields import Field


class Resource(object):
    """Description of one ITFlow API module."""

    def __init__(self, name, module, fields, plural=None, prefix=None, natural_key=("name",), client_scoped=True,
                 client_required=True, ops=("create", "update", "delete"), carry=(), list_for_one=False,
                 quirks=None, decrypt=False, label=None):
        self.name = name                    # singular, as modules return it ("asset")
        self.module = module                # ITFlow's endpoint folder ("assets")
        self.plural = plural or module      # as itflow_info returns it
        self.prefix = prefix or (name + "_")
        self.id_field = self.prefix + "id"
        self.fields = list(fields)
        self.by_option = dict((f.option, f) for f in self.fields)
        self.natural_key = tuple(natural_key)
        self.client_scoped = client_scoped
        self.client_required = client_required
        self.client_column = self.prefix + "client_id" if client_scoped else None
        self.archived_column = self.prefix + "archived_at"
        self.ops = tuple(ops)
        self.carry = tuple(carry)           # options always sent on update (from the current record if not set)
        self.list_for_one = list_for_one    # a by-id read lacks columns the engine needs: read the list
        self.quirks = quirks or {}
        self.decrypt = decrypt              # reads need the decrypt password
        self.label = label or name

    def field(self, option):
        return self.by_option[option]

    def record_client(self, row):
        """The client id a write must carry for this record (ITFlow matches on it)."""
        if not self.client_scoped:
            return None
        value = row.get(self.client_column)
        try:
            return int(value or 0)
        except ValueError:
            return 0

    def record_id(self, row):
        return int(row[self.id_field])

    def display_name(self, row):
        key = self.natural_key[0]
        return row.get(self.field(key).column)


T = "text"

CLIENT = Resource(
    "client", "clients", prefix="client_", client_scoped=False, client_required=False,
    ops=("create", "update", "archive", "unarchive", "delete"), carry=("is_lead",), list_for_one=True,
    quirks={"self_client_id": True, "name_filter": "client_name"},
    fields=[
        Field("name", "client_name", T, max_len=200),
        Field("type", "client_type", T),
        Field("website", "client_website", "website"),
        Field("referral", "client_referral", T),
        Field("rate", "client_rate", "decimal"),
        Field("currency_code", "client_currency_code", T, max_len=3),
        Field("net_terms", "client_net_terms", "int"),
        Field("tax_id_number", "client_tax_id_number", T),
        Field("abbreviation", "client_abbreviation", T, max_len=6),
        Field("is_lead", "client_lead", "bool", send="client_is_lead"),
        Field("notes", "client_notes", T),
    ])

ASSET = Resource(
    "asset", "assets", carry=("ip", "mac", "network"), list_for_one=True,
    quirks={"interface": True},
    fields=[
        Field("name", "asset_name", T, max_len=200),
        Field("type", "asset_type", T),
        Field("description", "asset_description", T),
        Field("make", "asset_make", T),
        Field("model", "asset_model", T),
        Field("serial", "asset_serial", T),
        Field("os", "asset_os", T),
        Field("ip", "interface_ip", "ip", send="asset_ip"),
        Field("mac", "interface_mac", "mac", send="asset_mac"),
        Field("network", "interface_network_id", "int", send="asset_network_id", ref="network"),
        Field("uri", "asset_uri", T),
        Field("uri_2", "asset_uri_2", T, on_create=False),
        Field("status", "asset_status", T),
        Field("purchase_date", "asset_purchase_date", "date"),
        Field("warranty_expire", "asset_warranty_expire", "date"),
        Field("install_date", "asset_install_date", "date"),
        Field("notes", "asset_notes", T),
        Field("vendor", "asset_vendor_id", "int", ref="vendor"),
        Field("location", "asset_location_id", "int", ref="location"),
        Field("contact", "asset_contact_id", "int", ref="contact"),
    ])

CONTACT = Resource(
    "contact", "contacts", natural_key=("email",), ops=("create", "update", "archive", "unarchive", "delete"),
    quirks={"name_filter": "contact_email", "primary_flag": "primary"},
    fields=[
        Field("name", "contact_name", T),
        Field("email", "contact_email", T),
        Field("title", "contact_title", T),
        Field("department", "contact_department", T),
        Field("phone", "contact_phone", "digits"),
        Field("extension", "contact_extension", T),
        Field("mobile", "contact_mobile", "digits"),
        Field("notes", "contact_notes", T),
        Field("primary", "contact_primary", "bool"),
        Field("important", "contact_important", "bool"),
        Field("billing", "contact_billing", "bool"),
        Field("technical", "contact_technical", "bool"),
        Field("location", "contact_location_id", "int", ref="location"),
    ])

LOCATION = Resource(
    "location", "locations",
    fields=[
        Field("name", "location_name", T),
        Field("description", "location_description", T),
        Field("country", "location_country", T),
        Field("address", "location_address", T),
        Field("city", "location_city", T),
        Field("state", "location_state", T),
        Field("zip", "location_zip", T),
        Field("hours", "location_hours", T),
        Field("notes", "location_notes", T),
        Field("primary", "location_primary", "bool"),
    ])

VENDOR = Resource(
    "vendor", "vendors", client_required=False,
    fields=[
        Field("name", "vendor_name", T),
        Field("description", "vendor_description", T),
        Field("website", "vendor_website", "website"),
        Field("phone", "vendor_phone", "raw"),
        Field("notes", "vendor_notes", T),
    ])

NETWORK = Resource(
    "network", "networks",
    fields=[
        Field("name", "network_name", T),
        Field("description", "network_description", T),
        Field("vlan", "network_vlan", "int"),
        Field("cidr", "network", "cidr"),
        Field("gateway", "network_gateway", "ip"),
        Field("primary_dns", "network_primary_dns", "ip"),
        Field("secondary_dns", "network_secondary_dns", "ip"),
        Field("dhcp_range", "network_dhcp_range", T),
        Field("notes", "network_notes", T),
        Field("location", "network_location_id", "int", ref="location"),
    ])

DOMAIN = Resource(
    "domain", "domains",
    fields=[
        Field("name", "domain_name", T),
        Field("description", "domain_description", T),
        Field("expire", "domain_expire", "date"),
        Field("registrar", "domain_registrar", "int", ref="vendor"),
        Field("webhost", "domain_webhost", "int", ref="vendor"),
        Field("dnshost", "domain_dnshost", "int", ref="vendor"),
        Field("mailhost", "domain_mailhost", "int", ref="vendor"),
        Field("notes", "domain_notes", T),
    ])

CERTIFICATE = Resource(
    "certificate", "certificates",
    fields=[
        Field("name", "certificate_name", T),
        Field("description", "certificate_description", T),
        Field("domain", "certificate_domain", T),
        Field("issued_by", "certificate_issued_by", T),
        Field("expire", "certificate_expire", "date"),
        Field("public_key", "certificate_public_key", "raw"),
        Field("notes", "certificate_notes", T),
    ])

SOFTWARE = Resource(
    "software", "software", plural="software", prefix="software_",
    fields=[
        Field("name", "software_name", T),
        Field("description", "software_description", T),
        Field("version", "software_version", T),
        Field("type", "software_type", T),
        Field("license_type", "software_license_type", T),
        Field("key", "software_key", T),
        Field("seats", "software_seats", "int"),
        Field("purchase_reference", "software_purchase_reference", T),
        Field("purchase", "software_purchase", "date"),
        Field("expire", "software_expire", "date"),
        Field("notes", "software_notes", T),
        Field("vendor", "software_vendor_id", "int", ref="vendor"),
    ])

RESOURCES = dict((r.name, r) for r in (CLIENT, ASSET, CONTACT, LOCATION, VENDOR, NETWORK, DOMAIN, CERTIFICATE, SOFTWARE))
