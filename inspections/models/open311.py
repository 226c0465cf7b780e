"""Keys of the Open311 clients (city apps, FixMyStreet) that may post reports."""

import hashlib
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def hash_key(key: str) -> str:
    # A key is 32 random bytes: a plain SHA-256 is enough (nothing to guess), and it is
    # looked up by its hash, so a slow salted hash would need a scan.
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    """A new key: 32 random bytes, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


class ApiKeyQuerySet(models.QuerySet):
    def matching(self, key: str | None) -> "ApiKey | None":
        """The active key that ``key`` is, or None."""
        if not key:
            return None
        return self.filter(key_hash=hash_key(key), active=True).first()


class ApiKey(models.Model):
    """An Open311 client's key: only its hash is kept (manage.py open311_key NAME prints a new one)."""

    name = models.CharField(_("name"), max_length=100, unique=True, help_text=_("Who uses the key."))
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    active = models.BooleanField(_("active"), default=True, help_text=_("Untick to refuse the key's requests."))
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Open311 key")
        verbose_name_plural = _("Open311 keys")

    def __str__(self):
        return self.name

    @classmethod
    def issue(cls, name: str) -> tuple["ApiKey", str]:
        """A new key for ``name``: the row, and the key itself (shown once, never stored)."""
        key = new_key()
        return cls.objects.create(name=name, key_hash=hash_key(key)), key
