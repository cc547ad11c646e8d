"""Where the tests find PostgreSQL and Redis, and what happens when one is missing."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent  # the project: README, docs/, tools/
FIXTURES = ROOT / "tests" / "fixtures"
IN_CI = os.environ.get("CI", "").lower() == "true"
PG_ADMIN_URL = os.environ.get("OVERSIGHT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_TEST_URL = os.environ.get("OVERSIGHT_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def unavailable(reason: str):
    """Skip with the reason on a developer's machine; fail in CI, where every service must run."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this test must run, not skip)")
    pytest.skip(reason)
