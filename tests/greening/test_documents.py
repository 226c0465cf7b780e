"""A project's documents and renderings: uploaded by the planning bureau, checked by their
content, shown on the project page (renderings as pictures), read by whoever sees projects
and never by crews."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from greening import services
from greening.choices import DocumentKind
from greening.models import ProjectDocument
from tests.greening.factories import make_project
from tests.images import png

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def project(db):
    return make_project()


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type)


def refused(*args) -> dict:
    with pytest.raises(ValidationError) as caught:
        services.add_document(*args)
    assert not ProjectDocument.objects.exists()
    return caught.value.message_dict


def test_a_pdf_is_kept_as_sent(project, planner):
    document = services.add_document(project, DocumentKind.DOCUMENT, " 施工图 ", upload("plans.pdf", PDF), planner)

    assert (document.title, document.kind, document.uploaded_by) == ("施工图", "document", planner)
    assert document.file.name.startswith("projects/") and document.file.name.endswith(".pdf")
    assert "plans" not in document.file.name  # a random name
    assert document.file.read() == PDF


def test_a_png_rendering_is_kept_as_jpeg(project, administrator):
    document = services.add_document(
        project, DocumentKind.RENDERING, "效果图", upload("view.png", png(), "image/png"), administrator
    )
    assert document.file.name.startswith("projects/") and document.file.name.endswith(".jpg")
    assert document.file.read()[:3] == b"\xff\xd8\xff"


def test_html_disguised_as_a_pdf_is_refused_with_its_message(project, planner):
    errors = refused(project, DocumentKind.DOCUMENT, "合同", upload("contract.pdf", b"<html>contract</html>"), planner)
    assert errors == {
        "file": ["contract.pdf is not a PDF / JPEG / PNG file: scan or save the document as one of those."]
    }


def test_a_rendering_must_be_a_picture(project, planner):
    errors = refused(project, DocumentKind.RENDERING, "效果图", upload("view.pdf", PDF), planner)
    assert errors == {"file": ["view.pdf is not a JPEG / PNG file: scan or save the document as one of those."]}


def test_a_file_too_big_is_refused(project, planner, settings):
    settings.DOCUMENT_MAX_BYTES = 10
    errors = refused(project, DocumentKind.DOCUMENT, "施工图", upload("plans.pdf", PDF), planner)
    assert errors["file"][0].startswith("plans.pdf is 0.0 MB: documents may be at most")


def test_what_is_missing_is_said_all_at_once(project, planner):
    errors = refused(project, "castle", "", None, planner)
    assert errors == {
        "kind": ["Choose a document or a rendering."],
        "title": ["Give the document a title."],
        "file": ["Choose the file to upload."],
    }


@pytest.mark.parametrize("role", ["manager", "inspector", "crew_member"])
def test_only_the_planning_bureau_uploads(request, project, role):
    with pytest.raises(PermissionDenied):
        services.add_document(project, "document", "施工图", upload("plans.pdf", PDF), request.getfixturevalue(role))
    assert not ProjectDocument.objects.exists()


# --- Pages ---------------------------------------------------------------------------------


def post(client, project, **data):
    data = {"kind": "document", "title": "施工图", "file": upload("plans.pdf", PDF), **data}
    return client.post(reverse("project-documents", args=[project.pk]), data)


def test_the_planner_uploads_on_the_project_page(signed_in, planner, project):
    client = signed_in(planner)
    page = client.get(project.get_absolute_url()).content.decode()
    assert reverse("project-documents", args=[project.pk]) in page and 'enctype="multipart/form-data"' in page

    assert post(client, project).status_code == 302
    assert (
        post(client, project, kind="rendering", title="夜景", file=upload("n.png", png(), "image/png")).status_code
        == 302
    )

    document, rendering = ProjectDocument.objects.order_by("pk")
    page = client.get(project.get_absolute_url()).content.decode()
    assert f'<a href="{document.file.url}">施工图</a>' in page
    assert f'<img src="{rendering.file.url}" alt="夜景"' in page
    assert "cannot be deleted" in page and ">Delete<" not in page  # kept: no delete action


def test_a_refused_upload_shows_the_page_again_with_its_message(signed_in, planner, project):
    response = post(signed_in(planner), project, file=upload("contract.pdf", b"<html>x</html>"), title="合同")
    page = response.content.decode()
    assert response.status_code == 400
    assert "contract.pdf is not a PDF / JPEG / PNG file" in page and 'value="合同"' in page
    assert not ProjectDocument.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("manager", 403), ("inspector", 403), ("crew_member", 404)])
def test_others_may_not_upload(request, signed_in, project, role, status):
    client = signed_in(request.getfixturevalue(role))
    assert post(client, project).status_code == status
    assert not ProjectDocument.objects.exists()
    if status == 403:
        page = client.get(project.get_absolute_url()).content.decode()
        assert reverse("project-documents", args=[project.pk]) not in page


@pytest.mark.parametrize(
    ("role", "status"),
    [("planner", 200), ("inspector", 200), ("manager", 200), ("crew_member", 404), ("outsider", 404)],
)
def test_who_reads_the_files(request, signed_in, planner, project, role, status):
    document = services.add_document(project, "document", "施工图", upload("plans.pdf", PDF), planner)
    response = signed_in(request.getfixturevalue(role)).get(document.file.url)
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF


def test_the_admin_shows_documents_read_only(admin_client, planner, project):
    services.add_document(project, "document", "施工图", upload("plans.pdf", PDF), planner)
    page = admin_client.get(reverse("admin:greening_project_change", args=[project.pk])).content.decode()
    assert "施工图" in page and 'name="documents-0-title"' not in page
