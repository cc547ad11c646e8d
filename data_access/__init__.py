"""Review data: models, database access, scoped queries, importers and disclosure control."""
