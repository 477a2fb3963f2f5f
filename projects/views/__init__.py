"""Public pages of the portal. Every view reads through ``published()``; see common.py."""
