"""Placeholder: URL lists this module adds to the staff, setting and family trees."""

staff_urls: list = []
setting_urls: list = []
family_urls: list = []
