# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What ITFlow does to text before storing it, and how much of it its columns hold.

ITFlow passes names and most text fields through PHP's ``strip_tags()`` and ``trim()``
(its ``escapeSql``/``sanitizeInput``), on 26.08 and on the 26.04 build alike. ``strip_tags``
is a small state machine with rules of its own, reproduced here (PHP 8's documented
behaviour, checked against PHP 8.2 itself by the unit tests):

* a ``<`` followed by whitespace is text; any other ``<`` opens a tag, and everything up to
  the ``>`` that closes it goes, including ``<`` ... ``>`` pairs nested inside it;
* quotes inside a tag hide the ``>`` characters between them;
* ``<!-- ... -->`` comments, ``<!...>`` declarations and ``<? ... ?>`` PHP tags go;
* a tag, comment or PHP tag that is never closed takes **everything after it** with it:
  ``a<b`` is stored as ``a``;
* NUL characters go.

The collection models the closed cases (a value is compared as ITFlow stores it) and refuses,
before any request (``check``), the values this would mangle: one cut at an unclosed ``<``
and one that is nothing but tags.

MariaDB, in ITFlow's strict mode, refuses a value longer than its column with an SQL error,
which ITFlow answers as an empty HTTP 500 without storing anything. ``varchar(N)`` counts
characters (utf8mb4); ``TEXT`` and its siblings count **bytes** of UTF-8.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowInputError

TEXT_BYTES = 65535                 # TEXT
MEDIUMTEXT_BYTES = 16777215        # MEDIUMTEXT
LONGTEXT_BYTES = 4294967295        # LONGTEXT

_C_SPACE = " \t\n\x0b\f\r"         # isspace() in PHP's C locale (not Python's str.isspace)
_PHP_TRIM = " \t\n\r\0\x0b"        # trim()'s default characters (no form feed)
_QUOTES = "\"'"
_TEXT_RUN = re.compile("[^<>\0]+")

# What a value that ends inside each state lost, for the refusal message.
_UNCLOSED = {
    1: "a tag that is never closed by a '>' (a '>' inside quotes does not close it)",
    2: "a PHP tag ('<?') that is never closed by '?>'",
    3: "a '<!' declaration that is never closed by a '>'",
    4: "an HTML comment ('<!--') that is never closed by '-->'",
}


class _Scan(object):
    """One pass of PHP's strip_tags over ``text`` (no allowed tags)."""

    def __init__(self, text):
        self.text = text
        self.out = []
        self.state = 0       # 0 text, 1 tag, 2 PHP tag, 3 <! declaration, 4 comment
        self.depth = 0       # '<' nested inside a tag
        self.quote = ""      # the quote a tag is inside
        self.last = "\0"     # PHP's "lc": the last significant character
        self.parens = 0      # PHP's "br": parentheses inside a PHP tag
        self.is_xml = False
        self.opened_at = None
        states = (self._state0, self._state1, self._state2, self._state3, self._state4)
        index, size = 0, len(text)
        while index < size:
            if self.state == 0:
                run = _TEXT_RUN.match(text, index)  # plain text up to the next '<', '>' or NUL, at C speed
                if run:
                    self.out.append(run.group())
                    index = run.end()
                    continue
            states[self.state](index, text[index])
            index += 1

    def at(self, index):
        return self.text[index] if 0 <= index < len(self.text) else "\0"

    def _toggle_quote(self, char):
        if not self.quote or char == self.quote:
            self.quote = "" if self.quote else char

    def _state0(self, index, char):
        if char == "\0":
            return
        if char == "<":
            if self.at(index + 1) in _C_SPACE:
                self.out.append(char)
                return
            self.last, self.state, self.opened_at = "<", 1, index
            return
        if char == ">" and self.depth:
            self.depth -= 1
            return
        self.out.append(char)

    def _state1(self, index, char):
        if char == "<":
            if not self.quote and self.at(index + 1) not in _C_SPACE:
                self.depth += 1
        elif char == ">":
            if self.depth:
                self.depth -= 1
            elif not self.quote:
                self.last = ">"
                if not (self.is_xml and self.at(index - 1) == "-"):
                    self.quote, self.state, self.is_xml = "", 0, False
        elif char in _QUOTES:
            if index:
                self._toggle_quote(char)
        elif char == "!" and self.at(index - 1) == "<":
            self.state, self.last = 3, char
        elif char == "?" and self.at(index - 1) == "<":
            self.state, self.parens = 2, 0

    def _state2(self, index, char):
        if char in "()":
            if self.last not in _QUOTES:
                self.last = char
                self.parens += 1 if char == "(" else -1
        elif char == ">":
            if self.depth:
                self.depth -= 1
            elif not self.quote and not self.parens and self.last != '"' and self.at(index - 1) == "?":
                self.quote, self.state = "", 0
        elif char in _QUOTES:
            if index and self.at(index - 1) != "\\":
                if self.last == char:
                    self.last = "\0"
                elif self.last != "\\":
                    self.last = char
                self._toggle_quote(char)
        elif char in "lL" and index > 4 and self.at(index - 1) in "mM" and self.at(index - 2) in "xX" \
                and self.text[index - 4:index - 2] == "<?":
            self.state, self.is_xml = 1, True

    def _state3(self, index, char):
        if char == ">":
            if self.depth:
                self.depth -= 1
            elif not self.quote:
                self.quote, self.state = "", 0
        elif char in _QUOTES:
            if index and self.at(index - 1) != "\\":
                self._toggle_quote(char)
        elif char == "-" and index >= 2 and self.text[index - 2:index] == "!-":
            self.state = 4
        elif char in "eE" and index > 6 and self.text[index - 6:index].lower() == "doctyp":
            self.state = 1

    def _state4(self, index, char):
        if char == ">" and not self.quote and index >= 2 and self.text[index - 2:index] == "--":
            self.quote, self.state = "", 0


def strip_tags(text):
    """PHP's ``strip_tags($text)``."""
    if "<" not in text and "\0" not in text:
        return text  # the common case, and the only one compared for every record of a bulk read
    return "".join(_Scan(text).out)


def php_trim(text):
    """PHP's ``trim($text)``."""
    return text.strip(_PHP_TRIM)


def sanitise(text):
    """The text ITFlow stores for ``text`` sent to a field it sanitises (``escapeSql``/``sanitizeInput``)."""
    return php_trim(strip_tags(text))


_ESCAPES = {"\\": "\\\\", "\0": "\\0", "\n": "\\n", "\r": "\\r", "'": "\\'", '"': '\\"', "\x1a": "\\Z"}


def sql_escape(text):
    """One level of ``mysqli_real_escape_string()``: what ITFlow adds to document text it escapes twice."""
    return "".join(_ESCAPES.get(char, char) for char in text)


def show(text, limit=60):
    """A value for a message: quoted, and cut when long."""
    shown = repr(text if len(text) <= limit else text[:limit])
    return shown if len(text) <= limit else "%s... (%d characters)" % (shown, len(text))


def check(option, text):
    """Refuse, before any request, a value ITFlow's sanitising would mangle; return what it stores.

    Refused: a ``<`` that opens a tag, comment or PHP tag that is never closed (ITFlow drops
    everything from it on), and a value of nothing but tags (ITFlow stores it empty). Closed
    tags and comments are not refused: ITFlow removes them, and the value is compared as
    ITFlow stores it. (A stored form ITFlow would change again, such as a final ``<`` left by
    trimming, is refused by the field, which knows the whole transformation.)"""
    scan = _Scan(text)
    stored = php_trim("".join(scan.out))
    if scan.state:
        raise ITFlowInputError(
            "%s has a '<' at character %d that starts %s: ITFlow removes tags with PHP's strip_tags, which drops "
            "everything from that '<' to the end, so ITFlow would store %s. Put a space after a '<' meant as text "
            "('a < b' is stored as written), or close the tag." % (
                option, scan.opened_at + 1, _UNCLOSED[scan.state], show(stored)))
    if not stored and php_trim(text):
        raise ITFlowInputError(
            "%s is nothing but HTML/PHP tags or comments (%s): ITFlow removes them and would store an empty value. "
            "Give '' to store an empty value." % (option, show(text)))
    return stored


def limit_message(option, size, limit, unit, column, hint=""):
    """The refusal for a value over its column: the size, the limit, the overshoot."""
    over = size - limit
    return ("%s is %d %s long as ITFlow stores it%s; its column %s holds at most %d %s: shorten it by %d %s. ITFlow "
            "answers longer values with an empty HTTP 500 and stores nothing of that write." % (
                option, size, unit, hint, column, limit, unit, over, unit if over > 1 else unit.rstrip("s")))
