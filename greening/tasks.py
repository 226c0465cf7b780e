"""django-q2 jobs: thin wrappers that call a service and return a one-line summary."""

from . import services


def first_work_orders_job(plan_ids: list[int]) -> str:
    """After a hand-over (services.hand_over enqueues it on commit): the new plans' first
    work orders, through maintenance's generation of those plans only. Idempotent."""
    result = services.first_orders(plan_ids)
    return f"[hand-over] {result.summary()}"
