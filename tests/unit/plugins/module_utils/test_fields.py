# -*- coding: utf-8 -*-
from __future__ import absolute_import, division, print_function

import pytest

from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowInputError
from ansible_collections.itflow.itflow.plugins.module_utils._fields import Field


@pytest.mark.parametrize("kind,user,server", [
    ("text", "<b>Tagged</b> Co  ", "Tagged Co"),          # ITFlow strips tags and trims
    ("website", "https://acme.example", "acme.example"),  # and removes the scheme
    ("digits", "+1 (555) 123-4567", "15551234567"),      # and keeps phone digits only
    ("int", 30, "30"),
    ("decimal", 95.5, "95.50"),
    ("bool", True, "1"),
    ("bool", False, "0"),
    ("bool", False, None),
    ("date", "2024-01-15", "2024-01-15"),
    ("ip", "10.0.0.5", "10.0.0.5"),
    ("mac", "aa-bb-cc-dd-ee-01", "AA:BB:CC:DD:EE:01"),
    ("cidr", "10.0.0.1/24", "10.0.0.0/24"),
    ("text", "", None),
])
def test_user_value_and_server_string_compare_equal(kind, user, server):
    field = Field("x", "col", kind)
    assert field.compare(field.validate(user)) == field.compare(server)


@pytest.mark.parametrize("kind,user,server", [
    ("text", "a", "b"),
    ("int", 30, "31"),
    ("decimal", 95.5, "95.00"),
    ("bool", True, "0"),
    ("date", "2024-01-15", "2024-01-16"),
    ("ip", "10.0.0.5", "10.0.0.6"),
    ("mac", "aa:bb:cc:dd:ee:01", "AA:BB:CC:DD:EE:02"),
])
def test_different_values_differ(kind, user, server):
    field = Field("x", "col", kind)
    assert field.compare(field.validate(user)) != field.compare(server)


@pytest.mark.parametrize("kind,value,words", [
    ("date", "15/01/2024", "YYYY-MM-DD"),
    ("date", "2024-02-30", "calendar"),
    ("date", "soon", "YYYY-MM-DD"),
    ("ip", "10.0.0.300", "IPv4"),
    ("mac", "aa:bb:cc", "MAC"),
    ("mac", "zz:bb:cc:dd:ee:ff", "MAC"),
    ("cidr", "10.0.0.0/33", "CIDR"),
    ("int", "ten", "whole number"),
    ("int", True, "whole number"),
    ("decimal", "cheap", "number"),
])
def test_bad_values_are_named(kind, value, words):
    with pytest.raises(ITFlowInputError) as err:
        Field("the_option", "col", kind).validate(value)
    assert "the_option" in str(err.value)
    assert words in str(err.value)


def test_max_len_is_enforced_with_the_limit_in_the_message():
    with pytest.raises(ITFlowInputError) as err:
        Field("abbreviation", "client_abbreviation", "text", max_len=6).validate("TOOLONGABBR")
    assert "6" in str(err.value) and "abbreviation" in str(err.value)


def test_secret_is_masked_in_presentation():
    field = Field("password", "credential_password", "secret", secret=True)
    assert field.present("S3cret!") == "********"
    assert field.present(None) is None


def _php_escape(text):
    # what ITFlow's extra mysqli_real_escape_string level does to a stored document
    out = text.replace("\\", "\\\\").replace("'", "\\'").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return out


@pytest.mark.parametrize("levels", [0, 1, 2, 3, 7])
def test_escaped_document_text_matches_through_any_number_of_levels(levels):
    desired = "<p>It's \"nightly\" at C:\\Backups\nline two</p>"
    stored = desired
    for _i in range(levels):
        stored = _php_escape(stored)
    field = Field("content", "document_content", "escaped")
    assert field.same(stored, desired)
    assert field.present(stored) == desired


def test_escaped_document_text_still_sees_real_changes():
    field = Field("content", "document_content", "escaped")
    assert not field.same(_php_escape("<p>It's old</p>"), "<p>It's new</p>")
    assert not field.same("<p>a</p>", "<p>b</p>")


def test_escaped_name_carry_is_clean():
    field = Field("name", "document_name", "escaped")
    assert field.carry(_php_escape(_php_escape("O'Brien's notes"))) == "O'Brien's notes"
