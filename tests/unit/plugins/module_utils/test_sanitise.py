# -*- coding: utf-8 -*-
"""_sanitise.py: PHP's strip_tags and trim as ITFlow runs them, and the refusal of values they would mangle
(issue #13). The expected outputs below were produced by PHP 8.2's own strip_tags (ITFlow's runtime); where
a ``php`` binary is installed, test_same_as_php compares the two on random text as well."""

from __future__ import absolute_import, division, print_function

import json
import random
import shutil
import subprocess

import pytest

from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowInputError
from ansible_collections.itflow.itflow.plugins.module_utils._sanitise import check, sanitise, sql_escape, strip_tags

# (input, PHP 8.2 strip_tags(input))
PHP_STRIP_TAGS = [
    ("<b>Tagged</b> Co  ", "Tagged Co  "),
    ("a<b c", "a"),
    ("x < y > z", "x < y > z"),
    ("<!-- c -->n", "n"),
    ("<?php echo 1; ?>n", "n"),
    ("&amp; &lt;b&gt;", "&amp; &lt;b&gt;"),
    ("\t a\tb\r\n ", "\t a\tb\r\n "),
    ("a<b", "a"),
    ("a <", "a "),
    ("a < ", "a < "),
    ("a <\tb", "a <\tb"),
    ("a <\nb", "a <\nb"),
    ("a< b", "a"),
    ("a<　b", "a"),
    ("a<>b", "ab"),
    ("a<<b>>c", "ac"),
    ("a <b <c> d> e", "a  e"),
    ("1 <2> 3", "1  3"),
    ("<a title=\"x>y\">z", "z"),
    ("<a title='x>y'>z", "z"),
    ("<a title=\"x>y>z", ""),
    ("<a b=\"c'>\">d", "d"),
    ("a\u0000b", "ab"),
    ("<\u0000b>c", "c"),
    ("<!DOCTYPE html>x", "x"),
    ("<!doctype html>x", "x"),
    ("<!x>y", "y"),
    ("<!-- a > b -->c", "c"),
    ("<!-- a", ""),
    ("<!--->x-->y", "x-->y"),
    ("<? a > b ?>c", "c"),
    ("<?php if (a > b) { x(\"?>\"); } ?>y", "y"),
    ("<?php f(\")\") ?>z", "z"),
    ("<?xml version=\"1.0\"?>x", "x"),
    ("a<?xml v?>b", "ab"),
    ("List<String>", "List"),
    ("Foo<Bar> baz", "Foo baz"),
    ("5<6", "5"),
    ("5 <6", "5 "),
    ("a<=b", "a"),
    ("a < = b", "a < = b"),
    ("<3 love", ""),
    ("x> y", "x> y"),
    ("é<b>日</b>ü", "é日ü"),
    ("<br>", ""),
    ("<p>a</p><p>b</p>", "ab"),
    ("a<!-->b", "ab"),
    ("<a<!--x-->b>c", "bc"),
    ("<a\n href='x'>y</a>", "y"),
    ("'<b>'x", "''x"),
    ("\"a\"<b c=\"d\">e", "\"a\"e"),
]


@pytest.mark.parametrize("text,expected", PHP_STRIP_TAGS)
def test_strip_tags_is_phps(text, expected):
    assert strip_tags(text) == expected


@pytest.mark.parametrize("text,stored", [
    ("<b>Tagged</b> Co  ", "Tagged Co"),                   # ITFLOW-API.md §1.1, measured
    ("\t a\tb\r\n ", "a\tb"),                              # tabs, CR, LF trimmed at both ends, kept inside
    ("\x0b\x00a\x00\x0b", "a"),                             # trim() also takes \v and NUL ...
    ("\fa\f", "\fa\f"),                                     # ... but not a form feed
    ("\u00a0a\u00a0", "\u00a0a\u00a0"),                     # nor a no-break space
    ("a < ", "a <"),
])
def test_sanitise_strips_then_trims_like_php(text, stored):
    assert sanitise(text) == stored


ALPHABET = list("<>!-?\"'\\()lLmMxXeEdDoOcCtTyYpPa \t\n\x0b\f\r\0/=") + ["\u65e5", "\u00a0"]
TOKENS = ["<", ">", "<!--", "-->", "<?", "?>", "<?xml", "<!DOCTYPE", "doctype", "\"", "'", "\\", "(", ")", "-", "!",
          " ", "\t", "\0", "a", "<b>", "</b>", "\n", "?", "l"]


@pytest.mark.skipif(shutil.which("php") is None, reason="needs the php command-line interpreter (Debian: php-cli)")
def test_same_as_php():
    rnd = random.Random(13)
    cases = ["".join(rnd.choice(ALPHABET) for _pick in range(rnd.randint(0, 14))) for _case in range(3000)]
    cases += ["".join(rnd.choice(TOKENS) for _pick in range(rnd.randint(0, 20))) for _case in range(3000)]
    script = "echo json_encode(array_map('strip_tags', json_decode(file_get_contents('php://stdin'), true)));"
    answer = subprocess.run(["php", "-r", script], input=json.dumps(cases), capture_output=True, text=True, check=True)
    differ = [(text, php) for text, php in zip(cases, json.loads(answer.stdout)) if strip_tags(text) != php]
    assert differ == []


@pytest.mark.parametrize("text,where,what,stored", [
    ("a<b", 2, "a tag that is never closed", "'a'"),
    ("Server <primary", 8, "a tag that is never closed", "'Server'"),
    ("a<b title=\">\"", 2, "inside quotes", "'a'"),
    ("x <!-- note", 3, "an HTML comment", "'x'"),
    ("x <?php echo 1;", 3, "a PHP tag", "'x'"),
    ("x <!ELEMENT a", 3, "declaration", "'x'"),
    ("5<6", 2, "never closed", "'5'"),
    ("a<\u00a0b", 2, "never closed", "'a'"),               # a no-break space is not whitespace to PHP
])
def test_unclosed_tag_is_refused_saying_what_itflow_would_store(text, where, what, stored):
    with pytest.raises(ITFlowInputError) as err:
        check("name", text)
    message = str(err.value)
    assert message.startswith("name has a '<' at character %d that starts " % where)
    assert what in message
    assert "would store %s" % stored in message
    assert "'a < b' is stored as written" in message


@pytest.mark.parametrize("text", ["<b></b>", " <br> ", "<!-- managed -->", "<?php ?>"])
def test_nothing_but_tags_is_refused(text):
    with pytest.raises(ITFlowInputError, match="nothing but HTML/PHP tags or comments .*would store an empty value"):
        check("name", text)


@pytest.mark.parametrize("text,stored", [
    ("x < y > z", "x < y > z"),      # measured: kept
    ("a < b", "a < b"),
    ("a <\tb", "a <\tb"),
    ("<b>Tagged</b> Co  ", "Tagged Co"),
    ("<!-- c -->n", "n"),
    ("<?php echo 1; ?>n", "n"),
    ("&amp;", "&amp;"),
    ("", ""),
    ("   ", ""),
])
def test_values_that_converge_are_accepted_and_stored_as_itflow_does(text, stored):
    assert check("name", text) == stored


def test_long_values_are_cut_in_the_message():
    with pytest.raises(ITFlowInputError) as err:
        check("notes", "x" * 5000 + "<b")
    assert "... (5000 characters)" in str(err.value)
    assert len(str(err.value)) < 600


def test_sql_escape_is_one_level_of_mysqli_real_escape_string():
    assert sql_escape("O'Brien \"x\" a\\b\n\r\0\x1a") == "O\\'Brien \\\"x\\\" a\\\\b\\n\\r\\0\\Z"
