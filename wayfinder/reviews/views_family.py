"""Placeholder."""

family_urls: list = []
