"""Attacks an insider (or an anonymous client) would try, each expected to fail."""
