"""Maintenance pages: the planners' (plans.py), the crews' (today.py, orders.py, feeds.py)
and the managers' work-order list (order_list.py, its files in exports.py)."""
