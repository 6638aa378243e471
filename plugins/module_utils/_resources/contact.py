# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ITFlow contacts (contacts/*.php), found by e-mail."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowInputError
from ansible_collections.itflow.itflow.plugins.module_utils._fields import Field
from ansible_collections.itflow.itflow.plugins.module_utils._resources._base import Filter, Resource, id_filter, name_filter

T = "text"
S200 = 200  # varchar(200) columns: ITFlow crashes (HTTP 500) on longer values


class Contact(Resource):
    # No carry: in particular contact_primary is sent only when the user sets primary (ITFlow
    # clears the flag on the client's other contacts, even for a bad contact id). Every write
    # carries the contact's own client_id, which on the 26.04 build is what keeps
    # contacts/update from blanking the contact and moving it to another client.
    create_requires = ("name",)
    explanations = {"create": "ITFlow refuses a second contact with the same e-mail in a client"}

    def check_params(self, params):
        # ITFlow's contacts/archive.php sets important, billing and technical to 0 (and
        # unarchive does not restore them): an archived contact flagged so would never converge.
        if params.get("state") == "archived":
            flagged = [o for o in ("important", "billing", "technical") if params.get(o)]
            if flagged:
                raise ITFlowInputError(
                    "%s cannot be true with state=archived: ITFlow clears important, billing and technical when it archives "
                    "a contact." % " and ".join(flagged))


CONTACT = Contact(
    "contact", "contacts", natural_key=("email",), ops=("create", "update", "archive", "unarchive", "delete"),
    key_filter="contact_email", ref_columns=("contact_email", "contact_name"),
    reads=dict(filters=[id_filter("contact_"), Filter("email", "contact_email", "contact_email"), name_filter("contact_")]),
    fields=[
        Field("name", "contact_name", T, max_len=S200),
        Field("email", "contact_email", T, max_len=S200),
        Field("title", "contact_title", T, max_len=S200),
        Field("department", "contact_department", T, max_len=S200),
        Field("phone", "contact_phone", "digits", max_len=S200),
        Field("extension", "contact_extension", "digits", max_len=S200),  # ITFlow keeps digits only
        Field("mobile", "contact_mobile", "digits", max_len=S200),
        Field("notes", "contact_notes", T),
        Field("primary", "contact_primary", "bool"),
        Field("important", "contact_important", "bool"),
        Field("billing", "contact_billing", "bool"),
        Field("technical", "contact_technical", "bool"),
        Field("location", "contact_location_id", "int", ref="location"),
    ])
