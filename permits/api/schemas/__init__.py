"""Marshmallow schemas at the HTTP edge: one per use case, input and output kept apart."""
