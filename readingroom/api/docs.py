"""Interactive API docs served entirely from this server (no CDN).

django-ninja's own Swagger page reads its assets from a CDN unless "ninja" is an installed
app; this page uses the same files shipped inside the ninja package, served by `asset`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import ninja
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.html import escape
from ninja.openapi.docs import DocsBase

ASSET_DIR = Path(ninja.__file__).resolve().parent / "static" / "ninja"
ASSETS = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
    "favicon.png": "image/png",
}
ASSET_URL = "/api/v1/docs/assets/"

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="stylesheet" href="{assets}swagger-ui.css">
<link rel="icon" href="{assets}favicon.png">
</head>
<body data-csrf-token="" data-api-csrf="">
<script type="application/json" id="swagger-settings">{settings}</script>
<div id="swagger-ui"></div>
<script src="{assets}swagger-ui-bundle.js"></script>
<script src="{assets}swagger-ui-init.js"></script>
</body>
</html>
"""


class LocalSwagger(DocsBase):
    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        settings = {"url": self.get_openapi_url(api, kwargs), "layout": "BaseLayout"}
        # "<" escaped so the JSON can never close its <script> element.
        data = json.dumps(settings).replace("<", "\\u003c")
        html = PAGE.format(title=escape(api.title), assets=ASSET_URL, settings=data)
        return HttpResponse(html)


def asset(request: HttpRequest, name: str) -> FileResponse:
    """One of the few whitelisted Swagger UI files from the installed ninja package."""
    if name not in ASSETS:
        raise Http404("No such asset")
    response = FileResponse((ASSET_DIR / name).open("rb"), content_type=ASSETS[name])
    response["Cache-Control"] = "public, max-age=86400"
    return response
