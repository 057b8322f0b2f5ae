"""Extraction: text to mentions, roles and events, by rules over lexicons and the registry."""
