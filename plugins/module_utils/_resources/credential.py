# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ITFlow credentials (credentials/*.php): every read and write needs the key's decrypt password."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils._credential_index import CredentialIndex
from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowInputError
from ansible_collections.itflow.itflow.plugins.module_utils._fields import Field
from ansible_collections.itflow.itflow.plugins.module_utils._resources._base import Resource

T = "text"


class Credential(Resource):
    create_requires = ("password",)
    explanations = {
        "delete": "ITFlow 26.08 has no credentials/delete.php; credentials can only be deleted in the web interface there",
        "create": "the 26.04 build crashes on passwords of 128 characters or more and on names over 200",
    }
    extra_options = {
        "update_password": dict(type="str", default="always", choices=["always", "on_create"], no_log=False),
        # The local index of credential ids (_credential_index.py): None means ITFLOW_CREDENTIAL_INDEX, else on.
        "credential_index": dict(type="bool"),
        "credential_index_path": dict(type="path"),
    }

    # ------------------------------------------------------------------ finding without the list
    # ITFlow decrypts every credential a list read returns (about 0.2 s each), and has no name
    # filter: a credential seen before is found through the local index and one read by id,
    # confirmed (name and client must still match) before it is trusted; else the list is read.
    def index(self, finder):
        params = finder.params or {}
        field = self.field("name")
        return CredentialIndex.from_options(params.get("credential_index"), params.get("credential_index_path"),
                                            fold=lambda name: (field.compare(name) or "").casefold())

    def key_rows(self, finder, params, client_id):
        name = params.get("name")
        if finder.preloaded is not None or name is None or not isinstance(client_id, int):
            return None
        index, url = self.index(finder), finder.client.base_url
        credential_id = index.lookup(url, client_id, name)
        if credential_id is None:
            return None
        row = finder.read_by_id(credential_id, client_id)  # a failing server fails the task, as the list read would
        if not index.confirm(url, client_id, name, credential_id, row):
            return None
        return [row]

    def after_list(self, finder, rows, client_id):
        if isinstance(client_id, int) and finder.preloaded is None:
            self.index(finder).remember_rows(finder.client.base_url, rows, clients=[client_id])

    def after_create(self, finder, row, client_id):
        self.index(finder).remember(finder.client.base_url, self.record_client(row), row.get("credential_name"), self.record_id(row))

    def normalise_row(self, row):
        # ITFlow answers false for a secret it cannot decrypt (wrong decrypt password, or a
        # credential written with another one). Comparing against that would overwrite it.
        if row.get("credential_password") is False:
            raise ITFlowInputError(
                "ITFlow cannot decrypt credential %s (%r) with this decrypt password: it reads back as false. Check that "
                "decrypt_password belongs to this API key; nothing was changed." % (row.get("credential_id"), row.get("credential_name")))
        return row


CREDENTIAL = Credential(
    "credential", "credentials", client_required=False, decrypt=True,
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
        Field("otp_secret", "credential_otp_secret", T, max_len=200, secret=True),
        Field("note", "credential_note", T),
        Field("favorite", "credential_favorite", "bool"),
        Field("contact", "credential_contact_id", "int", ref="contact"),
        Field("asset", "credential_asset_id", "int", ref="asset"),
    ])
