# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Records of credentials, documents and tickets: the resources with data-losing quirks."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowInputError
from ansible_collections.itflow.itflow.plugins.module_utils._fields import Field
from ansible_collections.itflow.itflow.plugins.module_utils._resource import Resource

T = "text"


def _check_decrypted(row):
    # ITFlow answers `false` for a secret it cannot decrypt (wrong decrypt password, or a
    # credential written with another one). Comparing against that would overwrite it.
    if row.get("credential_password") is False:
        raise ITFlowInputError(
            "ITFlow cannot decrypt credential %s (%r) with this decrypt password: it reads back as false. Check that "
            "decrypt_password belongs to this API key; nothing was changed." % (row.get("credential_id"), row.get("credential_name")))
    return row


CREDENTIAL = Resource(
    "credential", "credentials", client_required=False, decrypt=True,
    quirks={
        "normalise_row": _check_decrypted,
        "create_requires": ("password",),
        "explain": {
            "delete": "ITFlow 26.08 has no credentials/delete.php; credentials can only be deleted in the web interface there",
            "create": "the 26.04 build crashes on passwords of 128 characters or more and on names over 200",
        },
    },
    fields=[
        # ITFlow 26.08 refuses these when too long ("... is too long to store"): username and password over 350
        # bytes, the OTP secret over 200 characters (its column); description and URIs are kept to the 350
        # measured on a real server. The 26.04 build has no check and crashes (HTTP 500) instead.
        Field("name", "credential_name", T, max_len=200),
        Field("description", "credential_description", T, max_len=350),
        Field("uri", "credential_uri", T, max_len=350),
        Field("uri_2", "credential_uri_2", T, max_len=350),
        Field("username", "credential_username", "raw", max_bytes=350),
        Field("password", "credential_password", "secret", max_bytes=350, secret=True),
        Field("otp_secret", "credential_otp_secret", "secret", max_len=200, secret=True),
        Field("note", "credential_note", T),
        Field("favorite", "credential_favorite", "bool"),
        Field("contact", "credential_contact_id", "int", ref="contact"),
        Field("asset", "credential_asset_id", "int", ref="asset"),
    ])

DOCUMENT = Resource(
    "document", "documents", client_required=False, carry=("name", "description"),
    quirks={
        "create_requires": ("content",),
        "explain": {"delete": "ITFlow 26.08 has no documents/delete.php; documents can only be removed in the web interface there"},
    },
    fields=[
        # ITFlow escapes document text once more on create and on every update, and the
        # name/description again on every update unless re-sent: "escaped" compares
        # through those levels and the engine re-sends name and description clean.
        Field("name", "document_name", "escaped", max_len=200),
        Field("description", "document_description", "escaped"),
        Field("content", "document_content", "escaped"),
        Field("folder", "document_folder_id", "int", minimum=0),
    ])


def _ticket_resolved(row):
    return str(row.get("ticket_status") or "") in ("4", "5") or bool(row.get("ticket_resolved_at")) or bool(row.get("ticket_closed_at"))


def _ticket_row(row):
    details = row.get("ticket_details")
    if isinstance(details, str):
        # ITFlow appends "<br>" to the details it stores, and stores "< blank ><br>" for none.
        if details.endswith("<br>"):
            details = details[:-4]
        if details == "< blank >":
            details = ""
        row = dict(row, ticket_details=details)
    return row


def _ticket_candidates(engine, rows, params):
    """Tickets are matched by subject among open tickets; state=resolved also accepts resolved ones."""
    open_rows = [r for r in rows if not _ticket_resolved(r)]
    if params.get("state") == "resolved" and not engine.matches(open_rows, params):
        return [r for r in rows if _ticket_resolved(r)][-1:] if engine.matches(rows, params) else []
    return open_rows


def _ticket_check(params):
    # Checked before any request (the engine's "check" quirk), not when the write body is built.
    details = params.get("details")
    if isinstance(details, str) and not details.strip():
        raise ITFlowInputError("details cannot be empty: ITFlow stores '< blank >' for empty ticket details. Leave details "
                               "out to keep what the ticket has, or give some text.")


TICKET = Resource(
    "ticket", "tickets", natural_key=("subject",), client_required=False, carry=("vendor_ticket_id",),
    ops=("create", "update", "delete", "resolve"),
    quirks={
        "normalise_row": _ticket_row,
        "candidates": _ticket_candidates,
        "check": _ticket_check,
        "flag": {"state": "resolved", "on": "resolve", "off": None, "test": _ticket_resolved},
        "explain": {
            "update": "ITFlow 26.08 has no tickets/update.php: a ticket's fields cannot be changed through its API after creation",
            "delete": "ITFlow 26.08 has no tickets/delete.php",
        },
    },
    fields=[
        Field("subject", "ticket_subject", T, max_len=500),
        Field("details", "ticket_details", "html"),
        Field("priority", "ticket_priority", T, max_len=200),
        Field("billable", "ticket_billable", "bool"),
        Field("contact", "ticket_contact_id", "int", ref="contact"),
        Field("asset", "ticket_asset_id", "int", ref="asset"),
        Field("vendor", "ticket_vendor_id", "int", ref="vendor"),
        # ITFlow converts the vendor ticket number to an integer, and the 26.04 update
        # resets it to "" unless it is re-sent (hence carry).
        Field("vendor_ticket_id", "ticket_vendor_ticket_number", "int", send="ticket_vendor_ticket_id", minimum=0, maximum=2 ** 63 - 1),
        Field("assigned_to", "ticket_assigned_to", "int", minimum=0),
    ])


def _reply_check(params):
    kind = params.get("type")
    if kind is not None and str(kind).capitalize() not in ("Internal", "Public"):
        raise ITFlowInputError("type must be Internal or Public, not %r; ITFlow stores anything else as Internal." % kind)


TICKET_REPLY = Resource(
    "ticket_reply", "ticket_replies", prefix="ticket_reply_", natural_key=("reply",), client_scoped=False,
    client_required=False, ops=("create",), label="ticket reply",
    quirks={
        "parent": {"option": "ticket", "ref": "ticket", "filter": "ticket_id", "send": "ticket_id"},
        "check": _reply_check,
        "explain": {"create": "ITFlow before 26.08 has no ticket replies API"},
    },
    fields=[
        Field("reply", "ticket_reply", "html"),
        Field("type", "ticket_reply_type", T),
        Field("time_worked", "ticket_reply_time_worked", "hms"),
    ])
