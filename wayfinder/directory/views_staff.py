"""Placeholder: filled in by its owner."""
staff_urls: list = []
