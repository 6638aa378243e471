# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read-only ITFlow resources: invoices and their items, quotes, products, expenses, payments, time.

The collection only reads these (itflow_info and the lookup), so each is a Readable alone.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils._resources._base import Filter, Readable, id_filter, name_filter

INVOICES = Readable("invoices", "invoice_", [id_filter("invoice_")], ints=("invoice_number",))
INVOICE_ITEMS = Readable(
    "invoice_items", "item_", [id_filter("item_"), Filter("invoice_id", "item_invoice_id", "invoice_id", "int")],
    client_column=None, needs_one_of=("invoice_id", "id"),
    no_client="invoice items belong to an invoice, not directly to a client: filter by invoice_id")
# 26.04 answers a quote read by id only when client_id is sent too: the id is matched on our side.
QUOTES = Readable("quotes", "quote_", [id_filter("quote_", server=False)], ints=("quote_number",))
PRODUCTS = Readable("products", "product_", [id_filter("product_"), name_filter("product_")], client_column=None,
                    no_client="ITFlow products belong to no client")
EXPENSES = Readable("expenses", "expense_", [id_filter("expense_")], send_client_id=False)
PAYMENTS = Readable(
    "payments", "payment_", [id_filter("payment_"), Filter("invoice_id", "payment_invoice_id", "payment_invoice_id", "int")],
    client_column=None, no_client="ITFlow payments belong to an invoice, not directly to a client: filter by invoice_id",
    missing="Only the ITFlow 26.04 build has a payments endpoint.")
TIME = Readable(
    "time", "", [
        Filter("year", None, "year", "int", exclusive=False, minimum=1970, maximum=9999),
        Filter("month", None, "month", "int", exclusive=False, minimum=1, maximum=12),
        Filter("technician_id", "technician_id", "technician_id", "int", exclusive=False)],
    folder="technicians", op="time", client_column="client_id")
