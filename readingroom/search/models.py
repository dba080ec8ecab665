"""No models of its own: the change log the index follows is `records.IndexChange`."""
