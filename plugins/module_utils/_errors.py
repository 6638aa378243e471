# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Typed errors raised by the ITFlow client and engine.

Only the top level of a module or plugin turns these into a failure; everything
below raises. Every message names the endpoint, what happened and what to do,
and never contains a secret (the client never puts one in a message).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ITFlowError(Exception):
    """Base class. ``endpoint`` is like ``assets/update.php``."""

    def __init__(self, message, endpoint=None, status=None, server_message=None, hint=None):
        super(ITFlowError, self).__init__(message)
        self.message = message
        self.endpoint = endpoint
        self.status = status
        self.server_message = server_message
        self.hint = hint
        # Never show the exception this one was raised while handling: a requests error
        # carries the request URL, whose query string holds the decrypt password on servers
        # before 26.08, and Ansible prints tracebacks (ANSIBLE_DISPLAY_TRACEBACK, -vvv).
        self.__suppress_context__ = True

    def __str__(self):
        text = self.message
        if self.hint:
            text = "%s %s" % (text, self.hint)
        return text


class ITFlowInputError(ITFlowError):
    """Bad input found before any request was sent."""


class ITFlowConnectionError(ITFlowError):
    """No HTTP answer: refused, DNS, TLS, timeout, dropped connection."""


class ITFlowTLSError(ITFlowConnectionError):
    """The server's certificate did not verify: never retried, since a second try cannot differ."""


class ITFlowAuthError(ITFlowError):
    """HTTP 401: no key, wrong, expired or revoked key."""


class ITFlowPermissionError(ITFlowError):
    """HTTP 403: the key's user lacks the role, the client access, or is inactive."""


class ITFlowEndpointMissing(ITFlowError):
    """HTTP 404: this server has no such endpoint file."""


class ITFlowMethodError(ITFlowError):
    """HTTP 405."""


class ITFlowServerError(ITFlowError):
    """HTTP 5xx (ITFlow answers an empty 500 for any SQL error or PHP fatal)."""


class ITFlowResponseError(ITFlowError):
    """The server answered something that is not ITFlow's JSON envelope."""


class ITFlowWriteFailed(ITFlowError):
    """A write answered ``success: "False"``."""


class ITFlowRejected(ITFlowError):
    """A read answered ``success: "False"`` with something other than "No resource"."""


class ITFlowNotFound(ITFlowError):
    """A record or client named by the user does not exist (or is not visible to the key)."""


class ITFlowAmbiguous(ITFlowError):
    """A natural key matched more than one record."""


class ITFlowVerifyError(ITFlowError):
    """A write's effect could not be confirmed by reading back."""


class ITFlowOutcomeUnknown(ITFlowError):
    """A write was sent and may have been applied, but its outcome could not be read back.

    It counts as a change (``changed``: something may have been written); a re-run finds the
    record by its natural key and reconciles without creating it twice.
    """

    changed = True


# Exceptions after which a write may or may not have happened on the server.
UNCERTAIN_WRITE = (ITFlowConnectionError, ITFlowServerError, ITFlowResponseError)
