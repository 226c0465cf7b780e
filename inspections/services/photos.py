"""A finding's photos: before (the problem), after (the work), at a re-inspection.

Every photo goes through core.uploads.process_photo (content, size and pixel checks,
re-encoded, a random name): never stored as sent.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from core.uploads import process_photo, random_name

from ..choices import PhotoStage
from ..models import Finding, Photo, Reinspection


def check_photo_room(finding: Finding, adding: int = 1) -> None:
    """Refuse more photos than a finding may have (as many as a work order: PHOTOS_PER_ORDER)."""
    limit = settings.PHOTOS_PER_ORDER
    if finding.pk is not None and finding.photos.count() + adding > limit:
        raise ValidationError(
            _("A finding may have at most %(limit)s photos."), code="photo_limit", params={"limit": limit}
        )


def store_photo(finding: Finding, upload, stage: str, by, reinspection: Reinspection | None = None, now=None) -> Photo:
    """Check and keep one uploaded photo of the finding (the caller checks who may)."""
    check_photo_room(finding)
    photo = process_photo(upload)
    row = Photo(
        finding=finding,
        stage=stage,
        reinspection=reinspection,
        taken=photo.taken,
        uploaded_by=by,
        created=now or timezone.now(),
    )
    row.image.save(photo.content.name, photo.content, save=False)
    row.save()
    return row


def copy_photo(image, finding: Finding, stage: str, by, taken=None, now=None) -> Photo:
    """A copy of an already kept photo (a work order's, a re-inspection's) as the
    finding's own: its own file, so that who may see it is the finding's rule."""
    with image.open("rb") as source:
        content = ContentFile(source.read(), name=random_name("jpg"))
    row = Photo(finding=finding, stage=stage, taken=taken, uploaded_by=by, created=now or timezone.now())
    row.image.save(content.name, content, save=False)
    row.save()
    return row


def has_after_photo(finding: Finding) -> bool:
    """An "after" photo taken since the finding was last dispatched (a rework needs new ones)."""
    after = finding.photos.filter(stage=PhotoStage.AFTER)
    if finding.dispatched is not None:
        after = after.filter(created__gte=finding.dispatched)
    return after.exists()
