# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Records of contacts, locations, vendors, networks, domains, certificates and software."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils._fields import Field
from ansible_collections.itflow.itflow.plugins.module_utils._resource import Resource

T = "text"

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
