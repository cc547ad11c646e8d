"""Whether a production secret key is too weak to sign sessions: short, patterned or a known sample."""
from __future__ import annotations

import base64
import binascii
import re

MIN_KEY_BYTES = 32

# Keys copied from documentation, tutorials and templates: an attacker tries these first.
# Flask's quickstart and configuration pages, its tutorial's "dev", and the usual placeholders.
KNOWN_SAMPLE_KEYS = frozenset({
    "changeme", "change-me", "change_me", "changeit", "secret", "secretkey", "secret-key", "secret_key",
    "mysecretkey", "my-secret-key", "my_secret_key", "supersecret", "super-secret", "super-secret-key",
    "dev", "development", "test", "testing", "password", "default", "flask", "insecure", "key",
    "your-secret-key", "yoursecretkey", "your_secret_key", "replace-me", "replaceme",
    "this_is_bad_secret_key", "you-will-never-guess", "hard to guess string",
    "192b9bdd22ab9ed4d12e236c78afcb9a393ec15f71bbf5dc987d54727823bcbf",
    "_5#y2l\"f4q8z\\n\\xec]/",  # the quickstart's bytes, as written in an environment file
})
# Marks of a placeholder somebody meant to replace; long enough never to occur in a random key by chance.
_PLACEHOLDER_MARKS = ("changeme", "change-me", "change_me", "replaceme", "replace-me", "your-secret",
                      "yoursecret", "your_secret", "secret-key", "secretkey", "secret_key", "placeholder", "example")
_HEX = re.compile(r"(?:[0-9a-fA-F]{2})+")
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]+={0,2}")


def key_bytes(key: str) -> bytes:
    """The key material: hex or base64 decoded when the key is written that way, else its UTF-8 bytes."""
    text = key.strip()
    if _HEX.fullmatch(text):
        return bytes.fromhex(text)
    if _BASE64.fullmatch(text) and len(text.rstrip("=")) % 4 != 1:
        padded = text.rstrip("=") + "=" * (-len(text.rstrip("=")) % 4)
        try:
            return base64.urlsafe_b64decode(padded.replace("+", "-").replace("/", "_"))
        except (binascii.Error, ValueError):
            pass
    return key.encode("utf-8")


def _repeats(data: bytes | str) -> bool:
    """True when the whole value repeats a unit at most half its length ('aaaa', 'abab', 'keykeykey')."""
    n = len(data)
    return any(data[p:] == data[:n - p] for p in range(1, n // 2 + 1))


def weak_secret_reason(key: str) -> str | None:
    """Why this key must not sign production sessions, or None when it will do."""
    folded = key.strip().lower()
    if not folded:
        return "it is empty"
    if folded in KNOWN_SAMPLE_KEYS:
        return "it is a sample key published in documentation"
    if any(mark in folded for mark in _PLACEHOLDER_MARKS):
        return "it looks like a placeholder (it contains a word such as 'changeme' or 'secret-key')"
    material = key_bytes(key)
    if len(material) < MIN_KEY_BYTES:
        return (f"it holds {len(material)} bytes of key material; at least {MIN_KEY_BYTES} are needed "
                "(for example: python -c 'import secrets; print(secrets.token_hex(32))')")
    if _repeats(folded) or _repeats(material):
        return "it is one character or a short pattern repeated"
    if len(set(material)) < 8:
        return "it uses too few different characters"
    return None
