"""Shared pytest fixtures for the service tests go here."""
