"""The demonstration dataset and its deterministic generator."""
