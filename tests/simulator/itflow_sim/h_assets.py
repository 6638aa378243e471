"""assets: ITFLOW-API.md §3; ITFLOW-API-26.04.md §4.13."""

from .model import F, created, create_failed, deleted, fail, model, post_int, rows_result, select, updated, UPDATE_FAILED
from .php import Crash, intval, php_empty

ASSET_COLUMNS = ("asset_name", "asset_description", "asset_type", "asset_make", "asset_model", "asset_serial", "asset_os",
                 "asset_uri", "asset_uri_2", "asset_status", "asset_location_id", "asset_vendor_id", "asset_contact_id",
                 "asset_purchase_date", "asset_warranty_expire", "asset_install_date", "asset_notes")

# asset_model.php: every fallback is "isset($asset_row[...])". The update reads the asset without
# its interface, so asset_ip / asset_mac / asset_network_id never fall back: omitted, they become
# '' / '' / 0 and wipe the primary interface (§3). asset_uri_2 NULL falls through to ''.
_TEXT = ("asset_name", "asset_description", "asset_type", "asset_make", "asset_model", "asset_serial", "asset_os")
FIELDS = [F(name, fallback="isset") for name in _TEXT]
FIELDS += [
    F("asset_ip", "interface_ip", fallback="isset"),
    F("asset_mac", "interface_mac", fallback="isset"),
    F("asset_uri", fallback="isset"),
    F("asset_uri_2", fallback="isset"),
    F("asset_status", fallback="isset"),
    # Dates: an empty value keeps the stored date (a date cannot be cleared); none at all is NULL.
    F("asset_purchase_date", default=None, fallback="isset", nonempty=True),
    F("asset_warranty_expire", default=None, fallback="isset", nonempty=True),
    F("asset_install_date", default=None, fallback="isset", nonempty=True),
    F("asset_notes", fallback="isset"),
    F("asset_vendor_id", conv="int", default=0, fallback="isset"),
    F("asset_location_id", conv="int", default=0, fallback="isset"),
    F("asset_contact_id", conv="int", default=0, fallback="isset"),
    F("asset_network_id", "interface_network_id", conv="int", default=0, fallback="isset"),
]

ASSET_SCOPE = "asset_client_id"


_JOINED = [("assets", "a"), ("asset_interfaces", "i")]
_JOIN = "assets a LEFT JOIN asset_interfaces i ON i.interface_asset_id = a.asset_id AND i.interface_primary = 1"


def read(req):
    """Filters in precedence order; only the list and asset_mac join the primary interface. Text filters
    compare as general_ci does (api.FOLD: case, accents and trailing spaces aside); all but asset_id page."""
    query = req.query
    if "asset_id" in query:
        return rows_result(select(req, "assets", "asset_id = ?", [intval(query["asset_id"])], ASSET_SCOPE, single=True))
    for param in ("asset_type", "asset_name", "asset_serial"):
        if param in query:
            return rows_result(select(req, "assets", "%s = ? COLLATE FOLD" % param, [query[param]], ASSET_SCOPE))
    if "asset_mac" in query:
        return rows_result(select(req, "assets", "i.interface_mac = ? COLLATE FOLD", [query["asset_mac"]], "a.asset_client_id",
                                  order="a.asset_id", columns=_JOINED, from_sql=_JOIN))
    for param in ("asset_uri", "asset_uri_2"):
        if param in query:
            return rows_result(select(req, "assets", "%s = ? COLLATE FOLD" % param, [query[param]], ASSET_SCOPE))
    return rows_result(select(req, "assets", "1=1", [], "a.asset_client_id", order="a.asset_id",
                              columns=_JOINED, from_sql=_JOIN))


def _asset_values(values):
    return {col: values[col] for col in ASSET_COLUMNS}


def create(req):
    values = model(req.body, FIELDS)
    if php_empty(values["asset_name"]) or php_empty(req.client_id):
        return create_failed()
    row = _asset_values(values)
    del row["asset_uri_2"]  # not part of the INSERT: stays NULL until an update sets it (§3)
    row["asset_client_id"] = req.client_id
    asset_id = req.db.insert("assets", row)
    req.db.insert("asset_interfaces", {
        "interface_name": "1", "interface_mac": values["interface_mac"], "interface_ip": values["interface_ip"],
        "interface_primary": 1, "interface_network_id": values["interface_network_id"], "interface_asset_id": asset_id})
    name = values["asset_name"]
    req.log("Asset", "Create", "%s via API (%s)" % (name, req.key_name), req.client_id, asset_id)
    req.log("API", "Success", "Created asset %s via API (%s)" % (name, req.key_name), req.client_id)
    return created(asset_id)


def update(req):
    """Success reflects the assets row only; the interface and asset_history are written anyway.

    26.04 checks only that the UPDATE ran: with a wrong client the interface is still wiped and
    a history row added; a nonexistent asset_id breaks the history foreign key (empty 500)."""
    db = req.db
    asset_id = post_int(req.body, "asset_id")
    if not asset_id:
        return fail(UPDATE_FAILED)
    where, params = "asset_id = ? AND asset_client_id = ?", (asset_id, req.client_id)
    row = db.row("assets", where, params)
    values = model(req.body, FIELDS, row)
    count = db.update("assets", _asset_values(values), where, params, limit=1)
    if not req.old and not row:
        return updated(0)
    db.update("asset_interfaces", {"interface_mac": values["interface_mac"], "interface_ip": values["interface_ip"],
                                   "interface_network_id": values["interface_network_id"]},
              "interface_asset_id = ? AND interface_primary = 1", (asset_id,))
    if db.scalar("SELECT 1 FROM assets WHERE asset_id = ?", (asset_id,)) is None:
        raise Crash("Cannot add or update a child row: a foreign key constraint fails (asset_history)")
    name = values["asset_name"]
    db.insert("asset_history", {"asset_history_status": values["asset_status"],
                                "asset_history_description": "API updated %s (%s)" % (name, req.key_name),
                                "asset_history_asset_id": asset_id})
    req.log("Asset", "Edit", "%s via API (%s)" % (name, req.key_name), req.client_id)
    req.log("API", "Success", "Edited asset %s via API (%s)" % (name, req.key_name), req.client_id)
    return updated(count)


def delete(req):
    """Deletes the asset (cascading to interfaces and history), then deletes the interfaces itself
    and reports that count, which is 0: success answers the delete failure (§3). With the wrong
    client the asset stays but its interfaces go."""
    db = req.db
    asset_id = post_int(req.body, "asset_id")
    if not asset_id:
        return deleted(0)
    where, params = "asset_id = ? AND asset_client_id = ?", (asset_id, req.client_id)
    row = db.row("assets", where, params)
    name = row["asset_name"] if row else None
    if db.delete("assets", where, params, limit=1):
        db.delete("asset_history", "asset_history_asset_id = ?", (asset_id,))
        db.delete("asset_interfaces", "interface_asset_id = ?", (asset_id,))
    count = db.delete("asset_interfaces", "interface_asset_id = ?", (asset_id,))
    if php_empty(name):
        return deleted(0)
    # The stored name goes into the log statement unescaped (code reading: an apostrophe -> 500).
    req.log("Asset", "Delete", "%s via API (%s)" % (name, req.key_name), req.client_id, raw=True)
    return deleted(count)
