"""The door-pledge register's workflows, one module per topic; callers write
``services.<name>``."""

from .pledges import (
    draft_pledge,
    edit_pledge,
    expire_pledges,
    next_term,
    renew_pledge,
    renewal_of,
    sign_pledge,
    terminate_pledge,
)

__all__ = [
    "draft_pledge",
    "edit_pledge",
    "expire_pledges",
    "next_term",
    "renew_pledge",
    "renewal_of",
    "sign_pledge",
    "terminate_pledge",
]
