from . import webhooks  # noqa: F401  (its routes join the admin blueprint)
from .views import bp

__all__ = ["bp"]
