"""Production refuses a secret key an attacker could guess or brute-force, naming the variable."""
from __future__ import annotations

import base64
import secrets

import pytest
from accounts import PRODUCTION_SECRET

from dashboard import create_app
from dashboard.auth.secrets import key_bytes, weak_secret_reason
from dashboard.config import ConfigError

WEAK = {
    "x": "bytes of key material",
    "a-long-production-secret": "bytes of key material",  # 24 characters of base64: 18 bytes
    secrets.token_hex(16): "16 bytes of key material",  # 32 hex digits look long but hold 16 bytes
    base64.b64encode(b"k" * 20).decode(): "bytes of key material",
    "a" * 64: "repeated",
    "\u00e9" * 40: "repeated",
    "abc123" * 12: "repeated",
    "changeme": "sample key",
    "Secret": "sample key",
    "dev": "sample key",
    "192b9bdd22ab9ed4d12e236c78afcb9a393ec15f71bbf5dc987d54727823bcbf": "sample key",  # Flask's config docs
    'CHANGEME-but-it-is-long-enough-now-1234567': "placeholder",
    "your-secret-key-goes-here-and-is-long-enough": "placeholder",
    "ab" * 16 + "cd" * 16 + "x": "too few different",
}
STRONG = [PRODUCTION_SECRET, secrets.token_hex(32), secrets.token_urlsafe(32),
          base64.b64encode(secrets.token_bytes(32)).decode(), "plum rainfall ledger 48 over a quiet harbour wall"]


@pytest.mark.parametrize("key,why", list(WEAK.items()), ids=list(range(len(WEAK))))
def test_weak_keys_have_a_reason(key, why):
    assert why in (weak_secret_reason(key) or "")


@pytest.mark.parametrize("key", STRONG, ids=["fixture", "hex", "urlsafe", "base64", "passphrase"])
def test_strong_keys_pass(key):
    assert weak_secret_reason(key) is None


def test_key_material_is_measured_after_decoding():
    assert len(key_bytes(secrets.token_hex(32))) == 32
    assert len(key_bytes(secrets.token_urlsafe(32))) == 32
    assert len(key_bytes(base64.b64encode(b"z" * 40).decode())) == 40
    assert key_bytes("not base64 or hex!") == b"not base64 or hex!"


@pytest.mark.parametrize("key", ["x", "changeme", "a" * 64, "abc123" * 12])
def test_production_will_not_start_with_a_weak_key_from_the_environment(make_app, monkeypatch, key):
    monkeypatch.setenv("OVERSIGHT_ENV", "production")
    monkeypatch.setenv("OVERSIGHT_SECRET_KEY", key)
    with pytest.raises(ConfigError, match="OVERSIGHT_SECRET_KEY is too weak for production: it "):
        create_app({"DATABASE_URL": "sqlite://", "CACHE_TYPE": "NullCache"})


def test_production_will_not_start_with_a_weak_key_given_directly(make_app, monkeypatch):
    monkeypatch.setenv("OVERSIGHT_ENV", "production")
    with pytest.raises(ConfigError, match="OVERSIGHT_SECRET_KEY"):
        make_app(ENV="production", SECRET_KEY="test-secret-key")


def test_production_starts_with_a_strong_key(make_app, monkeypatch):
    monkeypatch.setenv("OVERSIGHT_ENV", "production")
    monkeypatch.setenv("OVERSIGHT_SECRET_KEY", PRODUCTION_SECRET)
    app = make_app(ENV="production", SECRET_KEY=PRODUCTION_SECRET)
    assert app.server.test_client().get("/healthz").status_code == 200


def test_development_keeps_its_own_key(make_app):
    """Outside production the check does not stand in the way (the test apps use a short key)."""
    assert make_app().server.test_client().get("/login").status_code == 200
