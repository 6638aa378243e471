"""invoices, invoice_items, quotes, products, expenses (ITFLOW-API.md §13-14) and payments,
plus their 26.04 write endpoints (26.04 §4.14-4.18). ``*_full`` are the ``full`` profile's
working versions of the endpoints that always crash on 26.04.
"""

import datetime

from . import crypto
from .db import today
from .model import (Filter, Result, create_failed, created, delete_by_id, deleted, filtered_read, full_date, full_field,
                    model, odd_success, post_int, rows_result, select, update_by_id, updated)
from .php import Crash, clean, floatval, intval, php_empty, php_str
from .h_infra import crash_unless

FILTER_REQUIRED = "A filter is required. Please supply either invoice_id or item_id."


def _all_clients_read(req):
    """26.04 products/expenses/payments reads work only for an all-clients key without client_id."""
    return not req.old or req.client_id == "%"


# --- invoices ------------------------------------------------------------------------------------

def invoices_read(req):
    return filtered_read(req, "invoices", "invoice_client_id", [Filter("invoice_id", mode="id")])


# 26.04's invoices/quotes/products/expenses/payments create files fail on a column their schema
# lacks. The page measured them as "500 always" (26.04 §1, §4.14-4.18), so the simulator crashes
# whatever fields are sent; only the client guard of products/expenses/payments (§2.4: a
# non-zero client_id, e.g. any scoped key, is a plain failure) and the id guard of the updates
# are kept. (Code reading adds field guards - quote_subject, payment_invoice_id + amount,
# product_name, expense_description - that the page does not report.)


def invoices_create(req):
    del req
    crash_unless(True, "invoice_due_date")


def invoices_update(req):
    crash_unless(post_int(req.body, "invoice_id") != 0, "invoice_due_date")
    return updated(0)


def invoices_delete(req):
    """Deletes the invoice, then fails deleting its items (unknown column): HTTP 500, items stay."""
    invoice_id = post_int(req.body, "invoice_id")
    if not invoice_id:
        return deleted(0)
    where, params = "invoice_id = ? AND invoice_client_id = ?", (invoice_id, req.client_id)
    row = req.db.row("invoices", where, params)
    count = req.db.delete("invoices", where, params, limit=1)
    crash_unless(row is not None, "invoice_item_invoice_id")
    return deleted(count)


INVOICE_FIELDS = [full_field("invoice_scope"), full_date("invoice_date"), full_date("invoice_due"), full_field("invoice_note"),
                  full_field("invoice_currency_code"), full_field("invoice_discount_amount", conv="float", default=0),
                  full_field("invoice_category_id", conv="int", default=0)]


def invoices_create_full(req):
    values = model(req.body, INVOICE_FIELDS)
    if php_empty(req.client_id):
        return create_failed()
    db = req.db
    values["invoice_date"] = values["invoice_date"] or today()
    values["invoice_due"] = values["invoice_due"] or values["invoice_date"]
    values.update({"invoice_prefix": db.setting("config_invoice_prefix"), "invoice_status": "Draft",
                   "invoice_number": db.next_number("config_invoice_next_number"),
                   "invoice_url_key": crypto.random_string(32), "invoice_client_id": req.client_id})
    new_id = db.insert("invoices", values)
    req.log("Invoice", "Create", "Created invoice via API (%s)" % req.key_name, req.client_id, new_id)
    req.log("API", "Success", "Created invoice via API (%s)" % req.key_name, req.client_id)
    return created(new_id)


def invoices_update_full(req):
    return update_by_id(req, "invoices", "invoice_id", INVOICE_FIELDS, "Invoice", "invoice", "invoice_scope",
                        "invoice_client_id")


# --- invoice_items -------------------------------------------------------------------------------

_ITEM_FROM = "invoice_items ii INNER JOIN invoices i ON i.invoice_id = ii.item_invoice_id"


def invoice_items_read(req):
    """item_id or invoice_id is required (HTTP 400 otherwise); scoped through the invoice."""
    query = req.query
    columns = [("invoice_items", "ii")]
    if "item_id" in query:
        rows = select(req, "invoice_items", "ii.item_id = ?", [intval(query["item_id"])], "i.invoice_client_id", single=True,
                      columns=columns, from_sql=_ITEM_FROM)
        del rows[1:]  # LIMIT 1
        return rows_result(rows)
    if "invoice_id" in query:
        return rows_result(select(req, "invoice_items", "ii.item_invoice_id = ?", [intval(query["invoice_id"])],
                                  "i.invoice_client_id", order="ii.item_order ASC, ii.item_id ASC", columns=columns,
                                  from_sql=_ITEM_FROM))
    return Result(400, {"success": "False", "message": FILTER_REQUIRED, "count": 0, "data": []})


def invoice_items_create(req):
    """26.08: fields without the item_ prefix; not on a Paid invoice; totals recalculated."""
    body, db = req.body, req.db
    invoice_id = post_int(body, "invoice_id")
    name = clean(php_str(body.get("name")).encode("utf-8")[:200].decode("utf-8", "ignore"))
    description = clean(body.get("description", ""))
    qty = floatval(body.get("qty", 0))
    price = floatval(body.get("price", 0))
    tax_id, item_order, product_id = (post_int(body, k) for k in ("tax_id", "item_order", "product_id"))
    if not invoice_id or php_empty(name) or qty <= 0:
        return create_failed()
    scope_sql, scope_params = req.scope("invoice_client_id")
    invoice = db.first("SELECT %s FROM invoices WHERE invoice_id = ? AND invoice_status != 'Paid'%s LIMIT 1" % (
        db.select_list("invoices"), scope_sql), [invoice_id] + scope_params)
    if invoice and req.client_id != 0 and intval(invoice["invoice_client_id"]) != req.client_id:
        invoice = None
    if not invoice:
        return create_failed()
    client_id = intval(invoice["invoice_client_id"])
    label = "%s%s" % (invoice["invoice_prefix"] or "", intval(invoice["invoice_number"]))
    subtotal = price * qty
    if product_id and db.scalar("SELECT product_type FROM products WHERE product_id = ?", (product_id,)) == "product":
        stock = floatval(db.scalar("SELECT COALESCE(SUM(CAST(stock_qty AS REAL)), 0) FROM product_stock "
                                   "WHERE stock_product_id = ?", (product_id,)))
        if stock < qty:
            req.log("API", "Failure", "Failed adding item %s to invoice %s via API (%s) due to insufficient stock" % (
                name, label, req.key_name), client_id)
            return create_failed()
        db.insert("product_stock", {"stock_qty": -qty, "stock_note": "QTY %s - Invoice %s" % (php_str(qty), invoice_id),
                                    "stock_product_id": product_id})
    tax = 0.0
    if tax_id > 0:
        tax = subtotal * floatval(db.scalar("SELECT tax_percent FROM taxes WHERE tax_id = ?", (tax_id,))) / 100
    item_id = db.insert("invoice_items", {
        "item_name": name, "item_description": description, "item_quantity": qty, "item_price": price,
        "item_subtotal": subtotal, "item_tax": tax, "item_total": subtotal + tax, "item_order": item_order,
        "item_tax_id": tax_id, "item_product_id": product_id, "item_invoice_id": invoice_id})
    total = floatval(db.scalar("SELECT SUM(CAST(item_total AS REAL)) FROM invoice_items WHERE item_invoice_id = ?", (invoice_id,)))
    db.update("invoices", {"invoice_amount": round(total - floatval(invoice["invoice_discount_amount"]), 2)},
              "invoice_id = ?", (invoice_id,), limit=1)
    req.log("Invoice", "Edit", "Added item %s to invoice %s via API (%s)" % (name, label, req.key_name), client_id, invoice_id)
    req.log("API", "Success", "Added item %s to invoice %s via API (%s)" % (name, label, req.key_name), client_id)
    return created(item_id)


# --- quotes --------------------------------------------------------------------------------------

def quotes_read(req):
    """quote_id is matched with LIKE after intval. On 26.04 the by-id query compares the client
    with '<client_id>' instead of LIKE: for an all-clients key '%' is read as 0 by MariaDB, so
    only client-0 quotes match unless client_id is sent (26.04 §2.3)."""
    if "quote_id" in req.query:
        quote_id = intval(req.query["quote_id"])
        if req.old:
            client = 0 if req.client_id == "%" else req.client_id
            return rows_result(req.db.query("SELECT %s FROM quotes WHERE quote_id = ? AND quote_client_id = ?" % (
                req.db.select_list("quotes")), (quote_id, client)))
        return rows_result(select(req, "quotes", "quote_id = ?", [quote_id], "quote_client_id", single=True))
    return rows_result(select(req, "quotes", "1=1", [], "quote_client_id"))


def quotes_create(req):
    del req
    crash_unless(True, "quote_subject")


def quotes_update(req):
    crash_unless(post_int(req.body, "quote_id") != 0, "quote_subject")
    return updated(0)


def quotes_delete(req):
    """Deletes, but success is judged on quote_subject, a column that does not exist: the answer
    is always the delete failure (26.04 §4.16)."""
    quote_id = post_int(req.body, "quote_id")
    if quote_id:
        req.db.delete("quotes", "quote_id = ? AND quote_client_id = ?", (quote_id, req.client_id), limit=1)
    return deleted(0)


def _in_30_days():
    return (datetime.datetime.utcnow() + datetime.timedelta(days=30)).strftime("%Y-%m-%d")


QUOTE_FIELDS = [full_field("quote_scope"), full_date("quote_date"), full_date("quote_expire"), full_field("quote_note"),
                full_field("quote_currency_code"), full_field("quote_discount_amount", conv="float", default=0),
                full_field("quote_category_id", conv="int", default=0)]


def quotes_create_full(req):
    values = model(req.body, QUOTE_FIELDS)
    if php_empty(req.client_id):
        return create_failed()
    db = req.db
    values["quote_date"] = values["quote_date"] or today()
    values["quote_expire"] = values["quote_expire"] or _in_30_days()
    values.update({"quote_prefix": db.setting("config_quote_prefix"), "quote_status": "Draft",
                   "quote_number": db.next_number("config_quote_next_number"), "quote_url_key": crypto.random_string(32),
                   "quote_client_id": req.client_id})
    new_id = db.insert("quotes", values)
    req.log("Quote", "Create", "Created quote %s via API (%s)" % (values["quote_scope"], req.key_name), req.client_id, new_id)
    req.log("API", "Success", "Created quote %s via API (%s)" % (values["quote_scope"], req.key_name), req.client_id)
    return created(new_id)


def quotes_update_full(req):
    return update_by_id(req, "quotes", "quote_id", QUOTE_FIELDS, "Quote", "quote", "quote_scope", "quote_client_id")


# --- products / expenses / payments (not client records) ----------------------------------------

def products_read(req):
    """Not client-scoped on 26.08 (sales permission only)."""
    if not _all_clients_read(req):
        return odd_success()
    return filtered_read(req, "products", None, [Filter("product_id", mode="id")])


def expenses_read(req):
    if not _all_clients_read(req):
        return odd_success()
    scope = None if req.old else "expense_client_id"
    return filtered_read(req, "expenses", scope, [Filter("expense_id", mode="id")])


def payments_read(req):
    if not _all_clients_read(req):
        return odd_success()
    return filtered_read(req, "payments", None, [Filter("payment_id", mode="id"), Filter("payment_invoice_id", mode="id")])


def products_create(req):
    crash_unless(req.client_id == 0, "product_cost")
    return create_failed()


def products_update(req):
    crash_unless(post_int(req.body, "product_id") != 0 and req.client_id == 0, "product_cost")
    return updated(0)


def products_delete(req):
    if req.client_id != 0:
        return deleted(0)
    return delete_by_id(req, "products", "product_id", "product_name", "Product")


def expenses_create(req):
    crash_unless(req.client_id == 0, "expense_tax")
    return create_failed()


def expenses_update(req):
    crash_unless(post_int(req.body, "expense_id") != 0 and req.client_id == 0, "expense_tax")
    return updated(0)


def expenses_delete(req):
    if req.client_id != 0:
        return deleted(0)
    return delete_by_id(req, "expenses", "expense_id", "expense_description", "Expense")


def payments_create(req):
    crash_unless(req.client_id == 0, "payment_notes")
    return create_failed()


def payments_update(req):
    crash_unless(post_int(req.body, "payment_id") != 0 and req.client_id == 0, "payment_notes")
    return updated(0)


def payments_delete(req):
    """The invoice's status and balance are not recalculated."""
    payment_id = post_int(req.body, "payment_id")
    if not payment_id or req.client_id != 0:
        return deleted(0)
    exists = req.db.row("payments", "payment_id = ?", (payment_id,))
    count = req.db.delete("payments", "payment_id = ?", (payment_id,), limit=1)
    if not exists:
        return deleted(0)
    req.log("Payment", "Delete", "Payment %s via API (%s)" % (payment_id, req.key_name))
    return deleted(count)


PRODUCT_FIELDS = [full_field("product_name"), full_field("product_description"),
                  full_field("product_type", default="service"), full_field("product_code"), full_field("product_location"),
                  full_field("product_price", conv="float", default=0), full_field("product_currency_code"),
                  full_field("product_tax_id", conv="int", default=0), full_field("product_category_id", conv="int", default=0)]

EXPENSE_FIELDS = [full_field("expense_description"), full_field("expense_amount", conv="float", default=0),
                  full_date("expense_date"), full_field("expense_currency_code"), full_field("expense_reference"),
                  full_field("expense_payment_method"), full_field("expense_vendor_id", conv="int", default=0),
                  full_field("expense_category_id", conv="int", default=0),
                  full_field("expense_account_id", conv="int", default=None)]

PAYMENT_FIELDS = [full_field("payment_invoice_id", conv="int", default=0), full_field("payment_amount", conv="float", default=0),
                  full_date("payment_date"), full_field("payment_method"), full_field("payment_reference"),
                  full_field("payment_currency_code"), full_field("payment_account_id", conv="int", default=0)]


def _check_product_type(values):
    if values["product_type"] not in ("service", "product"):
        raise Crash("Data truncated for column 'product_type' (enum)")
    return values


def products_create_full(req):
    values = model(req.body, PRODUCT_FIELDS)
    if req.client_id != 0 or php_empty(values["product_name"]):
        return create_failed()
    new_id = req.db.insert("products", _check_product_type(values))
    req.log("Product", "Create", "Created product %s via API (%s)" % (values["product_name"], req.key_name), 0, new_id)
    req.log("API", "Success", "Created product %s via API (%s)" % (values["product_name"], req.key_name))
    return created(new_id)


def products_update_full(req):
    if req.client_id != 0:
        return updated(0)
    return update_by_id(req, "products", "product_id", PRODUCT_FIELDS, "Product", "product", "product_name",
                        values_hook=lambda values, row: _check_product_type(values))


def expenses_create_full(req):
    values = model(req.body, EXPENSE_FIELDS)
    if req.client_id != 0 or php_empty(values["expense_description"]):
        return create_failed()
    values["expense_date"] = values["expense_date"] or today()
    new_id = req.db.insert("expenses", values)
    req.log("Expense", "Create", "Created expense %s via API (%s)" % (values["expense_description"], req.key_name), 0, new_id)
    req.log("API", "Success", "Created expense %s via API (%s)" % (values["expense_description"], req.key_name))
    return created(new_id)


def expenses_update_full(req):
    if req.client_id != 0:
        return updated(0)
    return update_by_id(req, "expenses", "expense_id", EXPENSE_FIELDS, "Expense", "expense", "expense_description")


def payments_create_full(req):
    values = model(req.body, PAYMENT_FIELDS)
    if req.client_id != 0 or php_empty(values["payment_invoice_id"]) or php_empty(values["payment_amount"]):
        return create_failed()
    values["payment_date"] = values["payment_date"] or today()
    new_id = req.db.insert("payments", values)
    req.log("Payment", "Create", "Created payment for invoice %s via API (%s)" % (values["payment_invoice_id"], req.key_name),
            0, new_id)
    req.log("API", "Success", "Created payment for invoice %s via API (%s)" % (values["payment_invoice_id"], req.key_name))
    return created(new_id)


def payments_update_full(req):
    if req.client_id != 0:
        return updated(0)
    return update_by_id(req, "payments", "payment_id", PAYMENT_FIELDS, "Payment", "payment", "payment_invoice_id")
