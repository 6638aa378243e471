# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ITFlow documents (documents/*.php), whose text ITFlow escapes once more on every write."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils._fields import Field
from ansible_collections.itflow.itflow.plugins.module_utils._resources._base import Resource

T = "text"


class Document(Resource):
    create_requires = ("content",)
    # ITFlow escapes the name and description again on every update unless they are re-sent.
    carry = ("name", "description")
    explanations = {"delete": "ITFlow 26.08 has no documents/delete.php; documents can only be removed in the web interface there"}


DOCUMENT = Document(
    "document", "documents", client_required=False,
    reads=dict(ints=("document_created_by", "document_updated_by")),
    fields=[
        # ITFlow escapes document text once more on create and on every update, and the
        # name/description again on every update unless re-sent: "escaped" compares through
        # those levels ("escaped_text": tags stripped first, as ITFlow does to the name and
        # description), and the engine re-sends name and description clean.
        Field("name", "document_name", "escaped_text", max_len=200),
        Field("description", "document_description", "escaped_text"),
        Field("content", "document_content", "escaped"),
        Field("folder", "document_folder_id", "int", minimum=0),
    ])
