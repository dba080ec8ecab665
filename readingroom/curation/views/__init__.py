"""Curation pages outside the admin: history and restore, merges, the review list."""
