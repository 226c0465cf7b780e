"""A project's documents and renderings: uploaded by the planning bureau (and
administrators), checked by their content through ``core.uploads.process_document``, kept
under ``projects/`` (settings.MEDIA_ACCESS → queries.may_see_file: whoever sees projects)
and never deleted.

A document is a PDF, or a JPEG or PNG scan; a rendering is an image (JPEG or PNG, kept as
JPEG) since the project page shows it as a picture.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.uploads import process_document

from ..choices import DocumentKind
from ..models import Project, ProjectDocument
from ..queries import may_edit_projects

# What each kind of upload may be, told by its content.
ALLOWED = {DocumentKind.DOCUMENT: ("pdf", "jpeg", "png"), DocumentKind.RENDERING: ("jpeg", "png")}
TITLE_MAX = ProjectDocument._meta.get_field("title").max_length


@transaction.atomic
def add_document(project: Project, kind: str, title: str, upload, by) -> ProjectDocument:
    """Keep ``upload`` as a document or rendering of ``project``; a ValidationError by
    field (kind, title, file) says what is wrong, and nothing is kept."""
    if not may_edit_projects(by):
        raise PermissionDenied(_("Only the planning bureau may change projects."))
    title = (title or "").strip()
    errors = {}
    if kind not in DocumentKind.values:
        errors["kind"] = [_("Choose a document or a rendering.")]
    if not title:
        errors["title"] = [_("Give the document a title.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [_("The title may be at most %(limit)s characters.") % {"limit": TITLE_MAX}]
    checked = None
    if not upload:
        errors["file"] = [_("Choose the file to upload.")]
    elif "kind" not in errors:
        try:
            checked = process_document(upload, allowed=ALLOWED[DocumentKind(kind)])
        except ValidationError as error:
            errors["file"] = error.messages
    if errors:
        raise ValidationError(errors)
    document = ProjectDocument(project=project, kind=kind, title=title, uploaded_by=by)
    document.file.save(checked.content.name, checked.content, save=False)
    document.save()
    return document
