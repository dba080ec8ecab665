"""The reading room's pages, one module per kind of page."""
