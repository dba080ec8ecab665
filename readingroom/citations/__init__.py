"""Citations and embedded metadata: one crosswalk from the record to every citation format."""
