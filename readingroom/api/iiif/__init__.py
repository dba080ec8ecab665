"""IIIF: the scans as an Image API 3.0 service and each record as a Presentation 3.0 manifest."""
