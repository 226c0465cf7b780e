"""A deployment check (`manage.py check --deploy`, run by the production start): no demo
login may keep the demo password, which is published (README, demo/people.py).

Only the demo logins are checked: the demo sets its password on them alone, and checking
a password costs a deliberately slow hash (about a third of a second each), which every
user of a zone would make minutes at each start.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError

from .people import DEMO_PASSWORD, demo_usernames


@register(Tags.security, deploy=True)
def demo_passwords(app_configs=None, **kwargs) -> list:
    """An error while any active demo login still has the demo password."""
    User = get_user_model()
    usernames = demo_usernames()
    try:
        users = list(
            User._default_manager.filter(username__in=usernames, is_active=True)
            .order_by("username")
            .values_list("username", "password")
        )
    except DatabaseError as error:
        return [
            Warning(
                f"Could not check the demo logins' passwords: {error}".strip(),
                hint="Run the deployment checks with the database reachable and migrated.",
                id="demo.W001",
            )
        ]
    # hashers.check_password, not User.check_password: a check must not save a re-hash.
    still = [username for username, encoded in users if check_password(DEMO_PASSWORD, encoded)]
    if not still:
        return []
    return [
        Error(
            f"These logins still have the published demo password: {', '.join(still)}.",
            hint="Give each a new password (manage.py changepassword USERNAME) or deactivate it in the admin.",
            id="demo.E001",
        )
    ]
