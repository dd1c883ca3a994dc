"""Placeholder."""

setting_urls: list = []
