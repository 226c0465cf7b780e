"""Maintenance pages: the planners' (plans.py) and the crews' (orders.py)."""
