"""Open data: the REST API, OAI-PMH, bulk exports, robots.txt and the sitemap."""
