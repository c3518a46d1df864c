"""WSGI entry point: `gunicorn wsgi:app`."""

from interviewkit import create_app

app = create_app()
