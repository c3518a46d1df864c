"""The JSON API under /api/v1, with its OpenAPI document and documentation page."""

from .views import bp

__all__ = ["bp"]
