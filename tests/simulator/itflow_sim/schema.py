"""Table definitions: ITFlow's column names, order, types and defaults (db.sql of each version).

Columns are separated by commas or new lines: ``name kind [=default] [@26.08|@26.04]``. Kinds: ``pk`` (auto increment),
``int``, ``tiny`` (tinyint(1)), ``dec`` (decimal(15,2)), ``sN`` (varchar(N): N characters), ``text``, ``mtext``
(MEDIUMTEXT), ``ltext`` (LONGTEXT), ``date``, ``dt`` (datetime), ``time``. Defaults: ``=now``, ``=null`` (the default
when none is given), ``=0``, ``=''`` or a literal. A tag keeps the column only in that version's schema.

The three text kinds all build columns of kind ``text`` whose ``size`` is in **bytes** of UTF-8, as MariaDB counts
them (varchar sizes are characters under utf8mb4). The types are those of db.sql at upstream 0262707e (26.08.2)
and c4ba2bc32 (26.04), which agree on every text column here.
"""

import collections

Column = collections.namedtuple("Column", "name kind size default")

# Bytes each TEXT type holds (MariaDB: L + 2, 3 or 4 length bytes < 2^16, 2^24, 2^32).
TEXT_SIZES = {"text": 65535, "mtext": 16777215, "ltext": 4294967295}

_TABLES = {
    "companies": """
        company_id pk, company_name s200, company_phone s200, company_email s200, company_currency s200 =USD,
        company_created_at dt =now
    """,
    "settings": """
        company_id int, config_ticket_prefix s200, config_ticket_next_number int =1, config_invoice_prefix s200,
        config_invoice_next_number int =1, config_quote_prefix s200, config_quote_next_number int =1
    """,
    "user_roles": """
        role_id pk, role_name s200, role_description s200, role_type tiny =1, role_is_admin tiny =0,
        role_created_at dt =now, role_updated_at dt, role_archived_at dt
    """,
    "user_role_permissions": """
        user_role_id int, module_name s200, user_role_permission_level int =0
    """,
    "users": """
        user_id pk, user_name s200, user_email s200, user_password s200 ='', user_auth_method s200 =local,
        user_type tiny =1, user_status tiny =1, user_created_at dt =now, user_updated_at dt, user_archived_at dt,
        user_role_id int =0
    """,
    "user_client_permissions": """
        user_id int, client_id int, permission_type s20 =allow
    """,
    "api_keys": """
        api_key_id pk, api_key_name s255, api_key_secret s255, api_key_decrypt_hash s200, api_key_created_at dt =now,
        api_key_expire date, api_key_client_id int =0 @26.04, api_key_user_id int =0 @26.08
    """,
    "clients": """
        client_id pk, client_lead tiny =0, client_name s200, client_type s200, client_website s200,
        client_referral s200, client_rate dec, client_currency_code s200 ='', client_net_terms int =0,
        client_tax_id_number s255, client_abbreviation s10, client_notes text, client_favorite tiny =0,
        client_created_at dt =now, client_updated_at dt, client_archived_at dt, client_accessed_at dt
    """,
    "contacts": """
        contact_id pk, contact_name s200, contact_title s200, contact_email s200, contact_phone_country_code s10,
        contact_phone s200, contact_extension s200, contact_mobile_country_code s10, contact_mobile s200,
        contact_photo s200, contact_pin s255, contact_notes text, contact_primary tiny =0, contact_important tiny =0,
        contact_billing tiny =0, contact_technical tiny =0, contact_created_at dt =now, contact_updated_at dt,
        contact_archived_at dt, contact_accessed_at dt, contact_location_id int =0, contact_vendor_id int =0,
        contact_user_id int =0, contact_department s200, contact_client_id int =0
    """,
    "locations": """
        location_id pk, location_name s200, location_description text, location_country s200, location_address s200,
        location_city s200, location_state s200, location_zip s200, location_phone_country_code s10,
        location_phone s200, location_phone_extension s10, location_fax_country_code s10, location_fax s200,
        location_hours s200, location_photo s200, location_primary tiny =0, location_notes text,
        location_favorite tiny =0, location_created_at dt =now, location_updated_at dt, location_archived_at dt,
        location_accessed_at dt, location_contact_id int =0, location_client_id int =0
    """,
    "vendors": """
        vendor_id pk, vendor_name s200, vendor_description s200, vendor_contact_name s200,
        vendor_phone_country_code s10, vendor_phone s200, vendor_extension s200, vendor_email s200,
        vendor_website s200, vendor_hours s200, vendor_sla s200, vendor_code s200, vendor_account_number s200,
        vendor_notes text, vendor_favorite tiny =0, vendor_created_at dt =now, vendor_updated_at dt,
        vendor_archived_at dt, vendor_accessed_at dt, vendor_client_id int =0, vendor_template_id int =0
    """,
    "assets": """
        asset_id pk, asset_type s200 ='', asset_name s200, asset_description s255, asset_make s200 ='',
        asset_model s200, asset_serial s200, asset_os s200, asset_uri s500, asset_uri_2 s500, asset_uri_client s500,
        asset_status s200, asset_purchase_reference s200, asset_purchase_date date, asset_warranty_expire date,
        asset_install_date date, asset_photo s200, asset_physical_location s200, asset_notes text,
        asset_favorite tiny =0, asset_created_at dt =now, asset_updated_at dt, asset_archived_at dt,
        asset_accessed_at dt, asset_vendor_id int =0, asset_location_id int =0, asset_contact_id int =0,
        asset_client_id int =0
    """,
    "asset_interfaces": """
        interface_id pk, interface_name s200, interface_description s200, interface_type s50, interface_mac s200,
        interface_ip s200, interface_nat_ip s200, interface_ipv6 s200, interface_notes text,
        interface_primary tiny =0, interface_created_at dt =now, interface_updated_at dt, interface_archived_at dt,
        interface_network_id int, interface_asset_id int
    """,
    "asset_history": """
        asset_history_id pk, asset_history_status s200, asset_history_description s255,
        asset_history_created_at dt =now, asset_history_asset_id int
    """,
    "certificates": """
        certificate_id pk, certificate_name s200, certificate_description mtext, certificate_domain s200,
        certificate_issued_by s200 ='', certificate_expire date, certificate_public_key mtext, certificate_notes mtext,
        certificate_favorite tiny =0, certificate_created_at dt =now, certificate_updated_at dt,
        certificate_archived_at dt, certificate_accessed_at dt, certificate_domain_id int =0,
        certificate_client_id int =0
    """,
    "credentials": """
        credential_id pk, credential_name s200, credential_description s500, credential_category s200,
        credential_uri s500, credential_uri_2 s500, credential_username text, credential_password text,
        credential_otp_secret s200, credential_note text, credential_favorite tiny =0, credential_created_at dt =now,
        credential_updated_at dt, credential_archived_at dt, credential_accessed_at dt,
        credential_password_changed_at dt =now, credential_folder_id int =0, credential_contact_id int =0,
        credential_asset_id int =0, credential_client_id int =0
    """,
    "documents": """
        document_id pk, document_name s200, document_description text, document_content ltext ='',
        document_content_raw ltext ='', document_client_visible int =1, document_favorite tiny =0,
        document_created_at dt =now, document_updated_at dt, document_archived_at dt, document_accessed_at dt,
        document_folder_id int =0, document_created_by int =0, document_updated_by int =0, document_client_id int =0
    """,
    "document_versions": """
        document_version_id pk, document_version_name s200, document_version_description text,
        document_version_content ltext, document_version_created_by int =0, document_version_created_at dt,
        document_version_document_id int
    """,
    "domains": """
        domain_id pk, domain_name s200, domain_description text, domain_expire date, domain_ip s255,
        domain_name_servers s255, domain_mail_servers s255, domain_txt text, domain_raw_whois text, domain_notes text,
        domain_favorite tiny =0, domain_created_at dt =now, domain_updated_at dt, domain_archived_at dt,
        domain_accessed_at dt, domain_registrar int =0, domain_webhost int =0, domain_dnshost int =0,
        domain_mailhost int =0, domain_client_id int =0
    """,
    "networks": """
        network_id pk, network_name s200, network_description text, network_vlan int, network s200 ='',
        network_subnet s200, network_gateway s200 ='', network_primary_dns s200, network_secondary_dns s200,
        network_dhcp_range s200, network_notes text, network_favorite tiny =0, network_created_at dt =now,
        network_updated_at dt, network_archived_at dt, network_accessed_at dt, network_location_id int =0,
        network_client_id int =0
    """,
    "software": """
        software_id pk, software_name s200, software_description text, software_version s200, software_type s200 ='',
        software_license_type s200, software_key s200, software_seats int, software_purchase_reference s200,
        software_purchase date, software_expire date, software_notes text, software_favorite tiny =0,
        software_created_at dt =now, software_updated_at dt, software_archived_at dt, software_accessed_at dt,
        software_vendor_id int =0, software_client_id int =0
    """,
    "tickets": """
        ticket_id pk, ticket_prefix s200, ticket_number int, ticket_source s255, ticket_category s200,
        ticket_subject s500, ticket_details ltext ='', ticket_priority s200, ticket_status int,
        ticket_sla_id int =0 @26.08, ticket_billable tiny =0, ticket_schedule dt, ticket_onsite tiny =0,
        ticket_vendor_ticket_number s255, ticket_feedback s200, ticket_url_key s200, ticket_created_at dt =now,
        ticket_updated_at dt, ticket_due_at dt, ticket_resolved_at dt, ticket_archived_at dt,
        ticket_first_response_at dt, ticket_response_due_at dt @26.08, ticket_resolution_due_at dt @26.08,
        ticket_response_sla_met tiny @26.08, ticket_resolution_sla_met tiny @26.08,
        ticket_response_sla_alert_stage tiny =0 @26.08, ticket_resolution_sla_alert_stage tiny =0 @26.08,
        ticket_closed_at dt, ticket_created_by int =0, ticket_assigned_to int =0, ticket_closed_by int =0,
        ticket_vendor_id int =0, ticket_client_id int =0, ticket_contact_id int =0, ticket_location_id int =0,
        ticket_asset_id int =0, ticket_quote_id int =0, ticket_invoice_id int =0, ticket_project_id int =0,
        ticket_recurring_ticket_id int =0, ticket_order int =0
    """,
    "ticket_statuses": """
        ticket_status_id pk, ticket_status_name s200, ticket_status_color s200, ticket_status_active tiny =1,
        ticket_status_pauses_sla tiny =0 @26.08, ticket_status_order int =0
    """,
    "ticket_replies": """
        ticket_reply_id pk, ticket_reply ltext, ticket_reply_type s10, ticket_reply_time_worked time,
        ticket_reply_created_at dt =now, ticket_reply_updated_at dt, ticket_reply_archived_at dt, ticket_reply_by int,
        ticket_reply_ticket_id int
    """,
    "ticket_history": """
        ticket_history_id pk, ticket_history_status s200, ticket_history_description s255,
        ticket_history_created_at dt =now, ticket_history_ticket_id int
    """,
    "invoices": """
        invoice_id pk, invoice_prefix s200, invoice_number int, invoice_scope s255, invoice_status s200,
        invoice_date date, invoice_due date, invoice_discount_amount dec =0.00, invoice_credit_amount dec =0.00,
        invoice_amount dec =0.00, invoice_currency_code s200 ='', invoice_note text, invoice_url_key s200,
        invoice_created_at dt =now, invoice_updated_at dt, invoice_archived_at dt, invoice_category_id int =0,
        invoice_recurring_invoice_id int =0, invoice_client_id int =0
    """,
    "invoice_items": """
        item_id pk, item_name s200, item_description text, item_quantity dec =0.00, item_price dec =0.00,
        item_subtotal dec =0.00, item_tax dec =0.00, item_total dec =0.00, item_order int =0, item_created_at dt =now,
        item_updated_at dt, item_archived_at dt, item_tax_id int =0, item_product_id int =0, item_invoice_id int =0
    """,
    "quotes": """
        quote_id pk, quote_prefix s200, quote_number int, quote_scope s255, quote_status s200,
        quote_discount_amount dec =0.00, quote_date date, quote_expire date, quote_amount dec =0.00,
        quote_currency_code s200 ='', quote_note text, quote_url_key s200, quote_created_at dt =now,
        quote_updated_at dt, quote_archived_at dt, quote_category_id int =0, quote_client_id int =0
    """,
    "products": """
        product_id pk, product_name s200, product_type s20 =service, product_description text, product_code s200,
        product_location s250, product_price dec =0.00, product_currency_code s200 ='', product_created_at dt =now,
        product_updated_at dt, product_archived_at dt, product_tax_id int =0, product_category_id int =0
    """,
    "product_stock": """
        stock_id pk, stock_qty dec =0.00, stock_note text, stock_created_at dt =now, stock_product_id int
    """,
    "taxes": """
        tax_id pk, tax_name s200, tax_percent dec, tax_archived_at dt
    """,
    "expenses": """
        expense_id pk, expense_description text, expense_amount dec =0.00, expense_currency_code s200 ='',
        expense_date date, expense_reference s200, expense_payment_method s200, expense_receipt s200,
        expense_created_at dt =now, expense_updated_at dt, expense_archived_at dt, expense_vendor_id int =0,
        expense_client_id int =0, expense_category_id int =0, expense_account_id int
    """,
    "payments": """
        payment_id pk, payment_date date, payment_amount dec, payment_currency_code s10 ='', payment_method s200,
        payment_reference s200, payment_created_at dt =now, payment_updated_at dt, payment_archived_at dt,
        payment_account_id int =0, payment_invoice_id int =0
    """,
    "logs": """
        log_id pk, log_type s200, log_action s255, log_description s1000, log_ip s200, log_user_agent s250,
        log_created_at dt =now, log_client_id int =0, log_user_id int =0, log_entity_id int =0
    """,
}

# Indexes for the reads that scan (the bench seed has 10k assets).
INDEXES = [
    ("asset_interfaces", "interface_asset_id"),
    ("asset_history", "asset_history_asset_id"),
    ("assets", "asset_client_id"),
    ("contacts", "contact_client_id"),
    ("ticket_replies", "ticket_reply_ticket_id"),
    ("invoice_items", "item_invoice_id"),
]


def _parse_default(token):
    if token is None or token == "null":
        return None
    if token == "''":
        return ""
    return token


def build(profile):
    """``{table: [Column, ...]}`` for a profile ('26.08', '26.04' or 'full')."""
    version = "26.08" if profile == "26.08" else "26.04"
    tables = {}
    for table, spec in _TABLES.items():
        cols = []
        for item in spec.replace("\n", ",").split(","):
            parts = item.split()
            if not parts:
                continue
            tags = [p[1:] for p in parts if p.startswith("@")]
            if tags and version not in tags:
                continue
            parts = [p for p in parts if not p.startswith("@")]
            name, kind = parts[0], parts[1]
            default = _parse_default(parts[2][1:]) if len(parts) > 2 else None
            size = int(kind[1:]) if kind.startswith("s") and kind[1:].isdigit() else None
            if size is not None:
                kind = "str"
            elif kind in TEXT_SIZES:
                kind, size = "text", TEXT_SIZES[kind]
            cols.append(Column(name, kind, size, default))
        tables[table] = cols
    return tables
