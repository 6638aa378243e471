"""Credential encryption test double (standard library only; not ITFlow's cipher).

Reproduces the measured behaviour of ITFlow's scheme rather than its algorithm:
* a site master key; each API key stores the master key wrapped with its decrypt password;
* unwrapping with the right password gives the master key, with any wrong one the empty string
  (PHP's ``openssl_decrypt`` returns false, which then acts as an empty key);
* values are encrypted under whatever master the request unwrapped, with a fresh random IV each
  time (re-sending an unchanged secret is a change);
* decrypting under a different master, or decrypting ``''``/NULL, gives ``False`` (JSON false).

Its cost is modelled apart (``configure_cost``/``pay_for_rows``): a real ITFlow runs PBKDF2-SHA256
with 100,000 iterations twice for every credential a read returns, about 0.2 s per row on the
measured server (ITFLOW-API.md §7), with one PHP worker per request. The test double's own cipher
stays cheap; the simulator sleeps ``seconds_per_row`` per returned row instead, in at most
``workers`` requests at once (Apache's PHP workers). The default cost is 0, so tests stay fast.
"""

import base64
import hashlib
import hmac
import secrets
import string
import threading
import time

_ALNUM = string.ascii_letters + string.digits
_KDF_ROUNDS = 2000  # a test double: kept low so every request stays fast


class _Cost:
    seconds_per_row = 0.0
    workers = threading.BoundedSemaphore(8)


def configure_cost(seconds_per_row=0.0, workers=8):
    """Model the real server's decryption: ``seconds_per_row`` for each credential a read returns, at
    most ``workers`` reads decrypting at once."""
    if seconds_per_row < 0 or workers < 1:
        raise ValueError("decrypt cost must be >= 0 and workers >= 1")
    _Cost.seconds_per_row = float(seconds_per_row)
    _Cost.workers = threading.BoundedSemaphore(int(workers))


def pay_for_rows(count, lock=None):
    """Spend the modelled time of decrypting ``count`` credentials. ``lock`` (the database's, held by the
    caller once) is released meanwhile, so that other requests, parallel pages of the same list
    included, decrypt at the same time, as PHP workers do."""
    seconds = _Cost.seconds_per_row * count
    if seconds <= 0:
        return
    if lock is not None:
        lock.release()
    try:
        with _Cost.workers:
            time.sleep(seconds)
    finally:
        if lock is not None:
            lock.acquire()


def random_string(length=32):
    return "".join(secrets.choice(_ALNUM) for _i in range(length))


def _stream(key, iv, size):
    out = b""
    counter = 0
    while len(out) < size:
        out += hmac.new(key, iv + counter.to_bytes(4, "big"), hashlib.sha256).digest()
        counter += 1
    return out[:size]


def _seal(key, iv, plain):
    data = plain.encode("utf-8")
    cipher = bytes(a ^ b for a, b in zip(data, _stream(key, iv.encode(), len(data))))
    tag = hmac.new(key, iv.encode() + cipher, hashlib.sha256).digest()[:16]
    return base64.b64encode(tag + cipher).decode("ascii")


def _open(key, iv, blob):
    try:
        raw = base64.b64decode(blob.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        return None
    if len(raw) < 16:
        return None
    tag, cipher = raw[:16], raw[16:]
    if not hmac.compare_digest(tag, hmac.new(key, iv.encode() + cipher, hashlib.sha256).digest()[:16]):
        return None
    try:
        return bytes(a ^ b for a, b in zip(cipher, _stream(key, iv.encode(), len(cipher)))).decode("utf-8")
    except UnicodeDecodeError:
        return None


def _password_key(password, salt):
    return hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode(), _KDF_ROUNDS, 16)


def wrap_master(master, password):
    """The key's ``api_key_decrypt_hash``: salt (16) + IV (16) + sealed master key."""
    salt, iv = random_string(16), random_string(16)
    return salt + iv + _seal(_password_key(password, salt), iv, master)


def unwrap_master(decrypt_hash, password):
    """The master key, or '' when the password is wrong."""
    salt, iv, blob = decrypt_hash[:16], decrypt_hash[16:32], decrypt_hash[32:]
    master = _open(_password_key(password, salt), iv, blob)
    return master or ""


def _value_key(master):
    return hashlib.sha256(b"itflow-sim-credential:" + master.encode("utf-8")).digest()


def encrypt(value, master):
    """IV (16 characters) + sealed value, under ``master`` (possibly '')."""
    iv = random_string(16)
    return iv + _seal(_value_key(master), iv, value)


def decrypt(stored, master):
    """The clear value, or False when it cannot be decrypted with ``master``."""
    if not stored or len(stored) <= 16:
        return False
    plain = _open(_value_key(master), stored[:16], stored[16:])
    return False if plain is None else plain
