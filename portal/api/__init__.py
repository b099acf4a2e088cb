"""The public JSON API (/api/v1/, OpenAPI schema at /api/v1/openapi.json)."""
