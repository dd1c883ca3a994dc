"""Placeholder."""

staff_urls: list = []
