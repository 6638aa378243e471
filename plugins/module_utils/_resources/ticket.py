# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ITFlow tickets (tickets/*.php), found by subject among open tickets."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowInputError
from ansible_collections.itflow.itflow.plugins.module_utils._fields import Field
from ansible_collections.itflow.itflow.plugins.module_utils._resources._base import Resource, id_filter

T = "text"


def is_resolved(row):
    return str(row.get("ticket_status") or "") in ("4", "5") or bool(row.get("ticket_resolved_at")) or bool(row.get("ticket_closed_at"))


class Ticket(Resource):
    # The 26.04 update resets the vendor ticket number to "" unless it is re-sent.
    carry = ("vendor_ticket_id",)
    narrows_candidates = True
    explanations = {
        "update": "ITFlow 26.08 has no tickets/update.php: a ticket's fields cannot be changed through its API after creation",
        "delete": "ITFlow 26.08 has no tickets/delete.php",
    }

    def make_flag(self):
        # Resolved is a flag set by tickets/resolve.php; ITFlow has no way back.
        return {"state": "resolved", "on": "resolve", "off": None, "test": is_resolved}

    def check_params(self, params):
        details = params.get("details")
        if isinstance(details, str) and not details.strip():
            raise ITFlowInputError("details cannot be empty: ITFlow stores '< blank >' for empty ticket details. Leave details "
                                   "out to keep what the ticket has, or give some text.")

    def normalise_row(self, row):
        details = row.get("ticket_details")
        if isinstance(details, str):
            # ITFlow appends "<br>" to the details it stores, and stores "< blank ><br>" for none.
            if details.endswith("<br>"):
                details = details[:-4]
            if details == "< blank >":
                details = ""
            row = dict(row, ticket_details=details)
        return row

    def candidates(self, rows, params, matches):
        """Tickets are matched by subject among open tickets; state=resolved also accepts resolved ones."""
        open_rows = [r for r in rows if not is_resolved(r)]
        if params.get("state") == "resolved" and not matches(open_rows, params):
            return [r for r in rows if is_resolved(r)][-1:] if matches(rows, params) else []
        return open_rows


TICKET = Ticket(
    "ticket", "tickets", natural_key=("subject",), client_required=False, ops=("create", "update", "delete", "resolve"),
    reads=dict(filters=[id_filter("ticket_")],
               ints=("ticket_number", "ticket_status", "ticket_created_by", "ticket_assigned_to", "ticket_closed_by")),
    fields=[
        Field("subject", "ticket_subject", T, max_len=500),
        Field("details", "ticket_details", "html"),
        Field("priority", "ticket_priority", T, max_len=200),
        Field("billable", "ticket_billable", "bool"),
        Field("contact", "ticket_contact_id", "int", ref="contact"),
        Field("asset", "ticket_asset_id", "int", ref="asset"),
        Field("vendor", "ticket_vendor_id", "int", ref="vendor"),
        # ITFlow converts the vendor ticket number to an integer.
        Field("vendor_ticket_id", "ticket_vendor_ticket_number", "int", send="ticket_vendor_ticket_id", minimum=0, maximum=2 ** 63 - 1),
        Field("assigned_to", "ticket_assigned_to", "int", minimum=0),
    ])
