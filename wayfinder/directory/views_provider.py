"""Placeholder: filled in by its owner."""
provider_urls: list = []
