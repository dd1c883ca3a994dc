"""Placeholder: filled in by its owner."""

public_urls: list = []
