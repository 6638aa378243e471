# -*- coding: utf-8 -*-
"""Field values ITFlow would mangle or cannot hold, refused before any request (issue #13): a '<' ITFlow's
strip_tags would cut the value at, a stored form that would change again, and lengths counted in the
unit of the column (characters for varchar, UTF-8 bytes for TEXT)."""

from __future__ import absolute_import, division, print_function

import pytest

from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowInputError
from ansible_collections.itflow.itflow.plugins.module_utils._fields import Field
from ansible_collections.itflow.itflow.plugins.module_utils._registry import RESOURCES
from ansible_collections.itflow.itflow.plugins.module_utils._sanitise import LONGTEXT_BYTES, MEDIUMTEXT_BYTES, TEXT_BYTES

from itflow_sim import schema  # pylint: disable=import-error

NAME = Field("name", "asset_name", "text", max_len=200)
NOTES = Field("notes", "asset_notes", "text")


@pytest.mark.parametrize("kind", ["text", "website", "escaped_text"])
def test_a_value_cut_at_an_unclosed_tag_is_refused(kind):
    with pytest.raises(ITFlowInputError, match=r"^the_option has a '<' at character 2 .*would store 'a'"):
        Field("the_option", "col", kind).validate("a<b")


@pytest.mark.parametrize("kind", ["html", "raw", "secret", "escaped", "digits"])
def test_fields_itflow_does_not_strip_keep_a_lone_lt(kind):
    # ticket details and replies, document content, credential secrets: stored as sent (or digits only)
    assert Field("x", "col", kind).validate("a<b") == "a<b"


def test_text_keeps_a_lt_followed_by_a_space_as_itflow_does():
    # ITFLOW-API.md §1.1 (measured): 'x < y > z' is stored as is; a '<[^>]*>' model stripped '< y >'.
    assert NAME.validate("x < y > z") == "x < y > z"
    assert NAME.same("x < y > z", "x < y > z")
    assert not NAME.same("x  z", "x < y > z")


def test_closed_tags_still_converge():
    assert NAME.same("Tagged Co", NAME.validate("<b>Tagged</b> Co  "))
    assert NAME.same("n", NAME.validate("<!-- c -->n"))


@pytest.mark.parametrize("value,stored", [("a < ", "'a <'"), ("a <\x0b", "'a <'")])
def test_a_stored_form_itflow_would_change_again_is_refused(value, stored):
    # Trimming leaves a final '<', which strip_tags reads as an unclosed tag next time: the value
    # could never compare equal, so it would be rewritten on every run.
    with pytest.raises(ITFlowInputError, match="name would be stored by ITFlow as %s, a value ITFlow itself would store "
                                               "as 'a'" % stored):
        NAME.validate(value)


def test_website_scheme_is_removed_once_and_case_sensitively():
    site = Field("website", "client_website", "website", max_len=200)
    assert site.compare("https://acme.example") == "acme.example"
    assert site.compare("HTTPS://acme.example") == "HTTPS://acme.example"  # ITFlow's "(^https?://)" has no i flag
    with pytest.raises(ITFlowInputError, match="stored by ITFlow as 'https://x'"):
        site.validate("https://https://x")


def test_digits_are_ascii_digits_only():
    # preg_replace('/[^0-9]/', '', ...): an Arabic-Indic digit is not a digit to ITFlow.
    assert Field("phone", "contact_phone", "digits").compare("+1 \u0663 555") == "1555"


# -- lengths

def test_text_without_max_len_is_a_text_column_of_65535_bytes():
    assert NOTES.column_bytes == TEXT_BYTES
    assert NAME.column_bytes is None
    assert Field("content", "document_content", "escaped").column_bytes is None
    assert Field("key", "certificate_public_key", "text", column_bytes=MEDIUMTEXT_BYTES).column_bytes == MEDIUMTEXT_BYTES


def test_text_limit_is_in_bytes():
    # ITFLOW-API.md §1.1 (measured): 21,845 x "日" fits a TEXT column, 21,846 does not.
    assert NOTES.validate("\u65e5" * 21845)
    with pytest.raises(ITFlowInputError) as err:
        NOTES.validate("\u65e5" * 21846)
    message = str(err.value)
    assert "notes is 65538 bytes long as ITFlow stores it in UTF-8" in message
    assert "asset_notes (TEXT) holds at most 65535 bytes: shorten it by 3 bytes" in message
    assert "empty HTTP 500" in message


def test_issue_cases_of_notes_are_refused():
    with pytest.raises(ITFlowInputError, match="notes is 102400 bytes long .* shorten it by 36865 bytes"):
        NOTES.validate("x" * 102400)
    with pytest.raises(ITFlowInputError, match="notes is 90000 bytes long .* shorten it by 24465 bytes"):
        NOTES.validate("\u65e5" * 30000)  # 30,000 characters: under 65,535, but 90,000 bytes


def test_text_limit_counts_what_itflow_stores():
    # Tags and surrounding blanks are removed before the value reaches the column.
    assert NOTES.validate("<p>" + "x" * 65535 + "</p>   ")
    with pytest.raises(ITFlowInputError, match="shorten it by 1 byte\\."):
        NOTES.validate("x" * 65536)


def test_varchar_limit_is_in_characters():
    # ITFLOW-API.md §1.1 (measured): 200 x "日" fits varchar(200), 201 ASCII does not.
    assert NAME.validate("\u65e5" * 200)
    with pytest.raises(ITFlowInputError) as err:
        NAME.validate("a" * 201)
    assert "name is 201 characters long as ITFlow stores it; its column asset_name (varchar(200)) holds at most " \
           "200 characters: shorten it by 1 character." in str(err.value)


def test_document_text_counts_the_escaping_itflow_adds():
    name = Field("name", "document_name", "escaped_text", max_len=200)
    assert name.validate("x" * 200)
    with pytest.raises(ITFlowInputError, match="201 characters .*quotes, backslashes and line breaks count twice"):
        name.validate("'" + "x" * 199)
    description = Field("description", "document_description", "escaped_text")
    assert description.column_bytes == TEXT_BYTES
    with pytest.raises(ITFlowInputError, match="65536 bytes"):
        description.validate("a\n" + "x" * 65533)  # the line break, escaped, is two bytes


def test_document_name_is_compared_as_itflow_stores_it():
    name = Field("name", "document_name", "escaped_text", max_len=200)
    assert name.same("Runbook", "<b>Run</b>book  ")
    assert name.same("O\\\\\\'Brien", "<i>O'Brien</i>")    # stored escaped twice by two updates
    assert name.present("O\\'Brien") == "O'Brien"
    assert name.carry("O\\'Brien") == "O'Brien"
    assert not name.same("Runbook", "Run book")


def test_raw_byte_limit_names_the_overshoot():
    with pytest.raises(ITFlowInputError, match="password is 352 bytes long .*at most 350: shorten it by 2 bytes"):
        Field("password", "credential_password", "secret", max_bytes=350).validate("\u00e9" * 176)


# -- the declared resources against ITFlow's schema

# Fields whose definition still needs a byte limit (the resource definitions are being moved; the change is
# listed in the report of issue #13): document description (kind escaped_text) and certificate public_key
# (kind text, column_bytes=MEDIUMTEXT_BYTES). Only columns that are LONGTEXT may stay unlimited.
PENDING = set()


def _columns(profile):
    return dict((c.name, c) for cols in schema.build(profile).values() for c in cols)


@pytest.mark.parametrize("profile", ["26.08", "26.04"])
def test_no_field_allows_more_bytes_than_its_text_column(profile):
    """Every field sent to a TEXT-family column is limited in bytes, within that column."""
    columns = _columns(profile)
    over, unlimited = [], set()
    for res in RESOURCES.values():
        for field in res.fields:
            col = columns.get(field.column) or columns.get(field.send)
            if col is None or col.kind != "text":
                continue
            if field.column_bytes is not None and field.column_bytes > col.size:
                over.append((res.name, field.option, field.column_bytes, col.size))
            if field.column_bytes is None and field.max_bytes is None and col.size < LONGTEXT_BYTES:
                unlimited.add((res.name, field.option))
    assert over == []
    assert unlimited - PENDING == set()
