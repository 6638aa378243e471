"""Just enough X.509 (DER/PEM) parsing for certificates/create: the issuer's O and notAfter.

ITFlow fills ``certificate_issued_by`` and ``certificate_expire`` from a PEM public key when
both are omitted (ITFLOW-API.md §4); the real server uses PHP's ``openssl_x509_parse``.
"""

import base64
import binascii
import datetime
import re

_PEM_RE = re.compile(r"-----BEGIN CERTIFICATE-----(.+?)-----END CERTIFICATE-----", re.S)
_OID_ORG = b"\x55\x04\x0a"  # 2.5.4.10 organizationName


class _Der:
    def __init__(self, data):
        self.data = data

    def read(self, pos):
        """(tag, content start, content end) of the element at ``pos``."""
        tag = self.data[pos]
        length = self.data[pos + 1]
        pos += 2
        if length & 0x80:
            count = length & 0x7F
            length = int.from_bytes(self.data[pos:pos + count], "big")
            pos += count
        if pos + length > len(self.data):
            raise ValueError("truncated DER")
        return tag, pos, pos + length

    def children(self, start, end):
        pos = start
        while pos < end:
            tag, cstart, cend = self.read(pos)
            yield tag, cstart, cend
            pos = cend


def _time(tag, raw):
    text = raw.decode("ascii").rstrip("Z")
    if tag == 0x17:  # UTCTime YYMMDDHHMM[SS]
        year = int(text[:2])
        text = ("20" if year < 50 else "19") + text
    stamp = datetime.datetime.strptime(text[:14].ljust(14, "0"), "%Y%m%d%H%M%S")
    return stamp.strftime("%Y-%m-%d")


def parse(pem):
    """``{"issuer_o": str or None, "expire": "YYYY-MM-DD"}`` or None when not a certificate."""
    if not isinstance(pem, str):
        return None
    match = _PEM_RE.search(pem)
    if not match:
        return None
    try:
        der = _Der(base64.b64decode("".join(match.group(1).split()), validate=True))
        _tag, start, _end = der.read(0)
        _tag, tbs_start, tbs_end = der.read(start)
        fields = list(der.children(tbs_start, tbs_end))
        if fields and fields[0][0] == 0xA0:  # explicit version
            fields = fields[1:]
        issuer, validity = fields[2], fields[3]
        issuer_o = None
        for _set_tag, set_start, set_end in der.children(issuer[1], issuer[2]):
            for _seq_tag, seq_start, seq_end in der.children(set_start, set_end):
                parts = list(der.children(seq_start, seq_end))
                if len(parts) == 2 and der.data[parts[0][1]:parts[0][2]] == _OID_ORG:
                    issuer_o = der.data[parts[1][1]:parts[1][2]].decode("utf-8", "replace")
        times = list(der.children(validity[1], validity[2]))
        expire = _time(times[1][0], der.data[times[1][1]:times[1][2]])
        return {"issuer_o": issuer_o, "expire": expire}
    except (ValueError, IndexError, binascii.Error, UnicodeDecodeError):
        return None
