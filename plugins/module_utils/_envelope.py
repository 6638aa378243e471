# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ITFlow's answers read: the ``"True"``/``"False"`` envelope, its rows, and the typed error each
HTTP status and body stands for (used by the client in ``_client.py``)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.itflow.itflow.plugins.module_utils._errors import (
    ITFlowAuthError,
    ITFlowEndpointMissing,
    ITFlowMethodError,
    ITFlowPermissionError,
    ITFlowRejected,
    ITFlowResponseError,
    ITFlowServerError,
)

NO_RESOURCE = "No resource"


def connection_reason(exc):
    text = str(exc)
    lowered = text.lower()
    if "name or service not known" in lowered or "nodename nor servname" in lowered or "getaddrinfo" in lowered \
            or "name resolution" in lowered or "resolve" in lowered:
        return "the host name does not resolve (DNS)"
    if "refused" in lowered:
        return "connection refused"
    if "remotedisconnected" in lowered or "connection aborted" in lowered or "reset by peer" in lowered:
        return "the server closed the connection without answering"
    return "connection failed"


def tls_reason(exc):
    text = str(exc)
    lowered = text.lower()
    for marker in ("certificate verify failed:", "hostname mismatch,"):
        pos = lowered.find(marker)
        if pos >= 0:
            reason = text[pos:]
            for end in ("(_ssl.c", "')", '")'):
                reason = reason.partition(end)[0]
            return reason.strip().rstrip(".")
    if "wrong version number" in lowered or "record layer failure" in lowered:
        return "the server does not speak TLS on this port (is the URL http://?)"
    return "the TLS handshake failed"


def _server_message(resp):
    try:
        data = resp.json()
    except ValueError:
        return None
    if isinstance(data, dict):
        return data.get("message")
    return None


def _html_title(resp):
    """The <title> of an HTML error page (a proxy's "502 Bad Gateway"), or None."""
    text = resp.text[:4096] if resp.content else ""
    lowered = text.lower()
    start = lowered.find("<title>")
    stop = lowered.find("</title>", start + 7)
    if start < 0 or stop < 0:
        return None
    title = " ".join(text[start + 7:stop].split())
    return title[:120] or None


def _is_json_type(resp):
    return "json" in (resp.headers.get("Content-Type") or "").lower()


def parse_response(resp, endpoint):
    """ITFlow's JSON envelope of a response, or the typed error its status and body stand for."""
    status = resp.status_code
    _raise_for_status(resp, endpoint, status)
    return _envelope(resp, endpoint, status)


def _raise_for_status(resp, endpoint, status):
    """Raise the error of a 401, 403, 404, 405 or 5xx answer; other statuses return."""
    if status == 401:
        msg = _server_message(resp)
        if msg:
            hint = "Check api_key (ITFLOW_API_KEY); ITFlow keys stop working on their expiry date and when revoked."
        else:
            msg = "no API key reached the server"
            hint = ("Check api_key (ITFLOW_API_KEY). ITFlow answers an empty 401 when it finds no key in the JSON body: a proxy in "
                    "front of ITFlow that drops the bodies of GET requests causes this too.")
        raise ITFlowAuthError(
            "ITFlow rejected the API key (HTTP 401) on %s: %s." % (endpoint, msg.rstrip(".")), endpoint=endpoint, status=status,
            server_message=msg, hint=hint)
    if status == 403:
        msg = _server_message(resp) or _html_title(resp) or "forbidden"
        raise ITFlowPermissionError(
            "ITFlow refused %s (HTTP 403): %s" % (endpoint, msg), endpoint=endpoint, status=status, server_message=msg,
            hint="Give the key's user a role with this permission and access to the client (Admin > Users), or use another key.")
    if status == 404:
        raise ITFlowEndpointMissing(
            "This ITFlow server has no %s endpoint (HTTP 404)." % endpoint, endpoint=endpoint, status=status,
            hint="Check that url (ITFLOW_URL) is the address of ITFlow itself (the folder that holds api/v1/), and that this ITFlow "
                 "version has the endpoint (see docs/versions.md).")
    if status == 405:
        raise ITFlowMethodError(
            "ITFlow refused the HTTP method on %s (HTTP 405)." % endpoint, endpoint=endpoint, status=status,
            server_message=_server_message(resp),
            hint="The collection reads with GET and writes with POST, as ITFlow expects: a proxy or redirect that changes the method "
                 "(for example http:// redirected to https://) causes this; use the server's final https:// address as url.")
    if status >= 500:
        title = None if _is_json_type(resp) else _html_title(resp)
        if not resp.content:
            what = "crashed with an empty HTTP %d (an SQL error or PHP fatal on the server)" % status
            hint = "If it persists, ITFlow's PHP error log on the server names the cause."
        elif title:
            what = "answered HTTP %d (%s, %s: a proxy or web server in front of ITFlow, not ITFlow itself)" % (status, title, _content_kind(resp))
            hint = "Check that ITFlow and the proxy in front of it are up, then try again."
        else:
            what = "answered HTTP %d (%s)" % (status, _content_kind(resp))
            hint = "If it persists, ITFlow's PHP error log on the server names the cause."
        error = ITFlowServerError("ITFlow %s on %s." % (what, endpoint), endpoint=endpoint, status=status, hint=hint)
        error.empty_body = not resp.content  # PHP out of memory or an SQL error (a database outage): see _read_page
        raise error


def _envelope(resp, endpoint, status):
    try:
        envelope = resp.json()
    except ValueError:
        if _is_json_type(resp):
            raise ITFlowResponseError(
                "ITFlow answered %s with HTTP %d and a body that is not JSON (%s, broken or cut off)." % (endpoint, status, _content_kind(resp)),
                endpoint=endpoint, status=status,
                hint="A connection cut mid-answer or a PHP warning printed into the answer causes this; if it persists, see ITFlow's PHP error log.")
        raise ITFlowResponseError(
            "ITFlow answered %s with HTTP %d and a body that is not JSON (%s)." % (endpoint, status, _content_kind(resp)),
            endpoint=endpoint, status=status, hint="Check that url points at ITFlow itself, not a proxy or login page.")
    if not isinstance(envelope, dict) or "success" not in envelope:
        raise ITFlowResponseError("ITFlow answered %s with JSON that is not its usual envelope." % endpoint, endpoint=endpoint, status=status,
                                  hint="Check that url points at ITFlow itself, not another service.")
    if status == 400:
        raise ITFlowRejected("ITFlow refused %s (HTTP 400): %s" % (endpoint, envelope.get("message")), endpoint=endpoint, status=status,
                             server_message=envelope.get("message"))
    if status != 200:
        raise ITFlowResponseError("ITFlow answered %s with unexpected HTTP %d." % (endpoint, status), endpoint=endpoint, status=status)
    return envelope


def _content_kind(resp):
    ctype = (resp.headers.get("Content-Type") or "").split(";")[0].strip() or "no content type"
    return "%s, %d bytes" % (ctype, len(resp.content))


def rows_of(envelope, endpoint):
    if envelope.get("success") == "True":
        data = envelope.get("data")
        if data is None:
            return []  # 26.04 answers {"success":"True","count":1} with no data for some scoped reads
        if not isinstance(data, list):
            raise ITFlowResponseError("ITFlow answered %s with a data field that is not a list." % endpoint, endpoint=endpoint, status=200)
        return data
    message = envelope.get("message") or ""
    if message.startswith(NO_RESOURCE):
        return []
    raise ITFlowRejected("ITFlow refused %s: %s" % (endpoint, message or "no message"), endpoint=endpoint, status=200, server_message=message)
