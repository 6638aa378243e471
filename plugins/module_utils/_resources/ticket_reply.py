# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ITFlow ticket replies (ticket_replies/*.php, ITFlow 26.08 and later): create only."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowInputError
from ansible_collections.itflow.itflow.plugins.module_utils._fields import Field
from ansible_collections.itflow.itflow.plugins.module_utils._resources._base import Filter, Resource, id_filter

REPLY_TYPES = ("Internal", "Public")
READ_TYPES = ("Internal", "Public", "Client")


class TicketReply(Resource):
    parent = {"option": "ticket", "ref": "ticket", "filter": "ticket_id", "send": "ticket_id"}
    explanations = {"create": "ITFlow before 26.08 has no ticket replies API"}
    option_overrides = {"reply": {"required": True}, "type": {"choices": list(REPLY_TYPES)}}

    def check_params(self, params):
        kind = params.get("type")
        if kind is not None and str(kind).capitalize() not in REPLY_TYPES:
            raise ITFlowInputError("type must be Internal or Public, not %r; ITFlow stores anything else as Internal." % kind)


TICKET_REPLY = TicketReply(
    "ticket_reply", "ticket_replies", prefix="ticket_reply_", natural_key=("reply",), client_scoped=False,
    client_required=False, ops=("create",), label="ticket reply", plural_label="ticket replies",
    reads=dict(
        filters=[id_filter("ticket_reply_"), Filter("ticket_id", "ticket_reply_ticket_id", "ticket_id", "int"),
                 Filter("type", "ticket_reply_type", "type", choices=READ_TYPES, exclusive=False)],
        client_column="ticket_client_id", send_client_id=False, ints=("ticket_reply_by", "ticket_number"),
        missing="ITFlow added ticket replies to its API in 26.08; earlier servers cannot return them."),
    fields=[
        Field("reply", "ticket_reply", "html"),
        Field("type", "ticket_reply_type", "text", max_len=10),
        Field("time_worked", "ticket_reply_time_worked", "hms"),
    ])
