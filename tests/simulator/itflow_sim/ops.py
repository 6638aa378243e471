"""Which endpoint files exist on each profile, and which handler answers each.

26.08: ITFLOW-API.md §2. 26.04: ITFLOW-API-26.04.md §1. full: 26.04 with the crashing
create/update endpoints working (README). Anything not listed is Apache's HTML 404.
"""

from . import h_assets, h_clients, h_contacts, h_credentials, h_docs, h_infra, h_sales, h_tickets

# Endpoints present in both versions (same file, same handler; version differences are
# handled inside the handler through ``req.old``).
_COMMON = {
    "assets/read.php": h_assets.read,
    "assets/create.php": h_assets.create,
    "assets/update.php": h_assets.update,
    "assets/delete.php": h_assets.delete,
    "certificates/read.php": h_infra.certificates_read,
    "certificates/create.php": h_infra.certificates_create,
    "clients/read.php": h_clients.read,
    "clients/create.php": h_clients.create,
    "clients/update.php": h_clients.update,
    "clients/archive.php": h_clients.archive,
    "clients/unarchive.php": h_clients.unarchive,
    "contacts/read.php": h_contacts.read,
    "contacts/create.php": h_contacts.create,
    "contacts/update.php": h_contacts.update,
    "contacts/delete.php": h_contacts.delete,
    "contacts/archive.php": h_contacts.archive,
    "contacts/unarchive.php": h_contacts.unarchive,
    "credentials/read.php": h_credentials.read,
    "credentials/create.php": h_credentials.create,
    "credentials/update.php": h_credentials.update,
    "documents/read.php": h_docs.read,
    "documents/create.php": h_docs.create,
    "documents/update.php": h_docs.update,
    "domains/read.php": h_infra.domains_read,
    "networks/read.php": h_infra.networks_read,
    "software/read.php": h_infra.software_read,
    "tickets/read.php": h_tickets.read,
    "tickets/create.php": h_tickets.create,
    "tickets/resolve.php": h_tickets.resolve,
    "locations/read.php": h_infra.locations_read,
    "locations/create.php": h_infra.locations_create,
    "vendors/read.php": h_infra.vendors_read,
    "invoices/read.php": h_sales.invoices_read,
    "invoice_items/read.php": h_sales.invoice_items_read,
    "quotes/read.php": h_sales.quotes_read,
    "products/read.php": h_sales.products_read,
    "expenses/read.php": h_sales.expenses_read,
    "technicians/time.php": h_tickets.technician_time,
}

OPS_26_08 = dict(_COMMON)
OPS_26_08.update({
    "ticket_replies/read.php": h_tickets.replies_read,
    "ticket_replies/create.php": h_tickets.replies_create,
    "invoice_items/create.php": h_sales.invoice_items_create,
})

OPS_26_04 = dict(_COMMON)
OPS_26_04.update({
    "certificates/update.php": h_infra.certificates_update,
    "certificates/delete.php": h_infra.certificates_delete,
    "clients/delete.php": h_clients.delete,
    "credentials/delete.php": h_credentials.delete,
    "documents/delete.php": h_docs.delete,
    "domains/create.php": h_infra.domains_create,
    "domains/update.php": h_infra.domains_update,
    "domains/delete.php": h_infra.domains_delete,
    "networks/create.php": h_infra.networks_create,
    "networks/update.php": h_infra.networks_update,
    "networks/delete.php": h_infra.networks_delete,
    "software/create.php": h_infra.software_create,
    "software/update.php": h_infra.software_update,
    "software/delete.php": h_infra.software_delete,
    "tickets/update.php": h_tickets.update,
    "tickets/delete.php": h_tickets.delete,
    "locations/update.php": h_infra.locations_update,
    "locations/delete.php": h_infra.locations_delete,
    "vendors/create.php": h_infra.vendors_create,
    "vendors/update.php": h_infra.vendors_update,
    "vendors/delete.php": h_infra.vendors_delete,
    "invoices/create.php": h_sales.invoices_create,
    "invoices/update.php": h_sales.invoices_update,
    "invoices/delete.php": h_sales.invoices_delete,
    "quotes/create.php": h_sales.quotes_create,
    "quotes/update.php": h_sales.quotes_update,
    "quotes/delete.php": h_sales.quotes_delete,
    "payments/read.php": h_sales.payments_read,
    "payments/create.php": h_sales.payments_create,
    "payments/update.php": h_sales.payments_update,
    "payments/delete.php": h_sales.payments_delete,
    "products/create.php": h_sales.products_create,
    "products/update.php": h_sales.products_update,
    "products/delete.php": h_sales.products_delete,
    "expenses/create.php": h_sales.expenses_create,
    "expenses/update.php": h_sales.expenses_update,
    "expenses/delete.php": h_sales.expenses_delete,
})

OPS_FULL = dict(OPS_26_04)
OPS_FULL.update({
    "domains/create.php": h_infra.domains_create_full,
    "domains/update.php": h_infra.domains_update_full,
    "networks/create.php": h_infra.networks_create_full,
    "networks/update.php": h_infra.networks_update_full,
    "software/create.php": h_infra.software_create_full,
    "software/update.php": h_infra.software_update_full,
    "invoices/create.php": h_sales.invoices_create_full,
    "invoices/update.php": h_sales.invoices_update_full,
    "quotes/create.php": h_sales.quotes_create_full,
    "quotes/update.php": h_sales.quotes_update_full,
    "payments/create.php": h_sales.payments_create_full,
    "payments/update.php": h_sales.payments_update_full,
    "products/create.php": h_sales.products_create_full,
    "products/update.php": h_sales.products_update_full,
    "expenses/create.php": h_sales.expenses_create_full,
    "expenses/update.php": h_sales.expenses_update_full,
})

PROFILES = {"26.08": OPS_26_08, "26.04": OPS_26_04, "full": OPS_FULL}


def table(profile):
    """``{(module, file): handler}`` for a profile."""
    return {tuple(path.split("/")): handler for path, handler in PROFILES[profile].items()}
