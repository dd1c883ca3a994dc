"""Placeholder: filled in by its owner."""
oruk_urls: list = []
