"""An oversized request body is refused before it is read; uploads are stored for the
portal's user only (#15.23)."""

import os
import stat
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from parties.models import Application
from tests.parties.conftest import make_pdf

MB = 1024 * 1024


class BodyThatMustNotBeRead:
    """A request body that fails the test when anything reads it."""

    def read(self, *args, **kwargs):
        raise AssertionError("the request body was read")

    readline = read

    def __iter__(self):
        raise AssertionError("the request body was read")


def _post_declaring(client, path: str, length: int):
    return client.post(
        path,
        data=b"x",
        content_type="multipart/form-data; boundary=gräns",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": BodyThatMustNotBeRead()},
    )


@pytest.mark.django_db
def test_it_refuses_100_mb_to_the_application_form_without_reading_it(public, agreement):
    response = _post_declaring(public, "/anslut/", 100 * MB)

    assert response.status_code == 413
    page = response.content.decode()
    assert "Det du skickade är 100 MB; den här sidan tar emot högst 6 MB." in page
    assert "välj en mindre fil" in page
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_it_holds_every_other_form_to_a_smaller_limit(public):
    response = _post_declaring(public, "/konto/login/", 4 * MB)

    assert response.status_code == 413


@pytest.mark.django_db
def test_it_answers_in_english_to_who_chose_english(public):
    public.cookies["django_language"] = "en"

    response = _post_declaring(public, "/anslut/", 7 * MB)

    assert response.status_code == 413
    assert "What you sent is 7 MB; this page accepts at most 6 MB." in response.content.decode()


@pytest.mark.parametrize(
    ("size", "shown"), [(100 * MB + 196, "100"), (int(6.5 * MB), "6,5"), (7 * MB, "7")]
)
def test_it_rounds_the_size_it_reports(size, shown):
    from django.utils import translation

    from config.uploads import megabytes

    with translation.override("sv"):
        assert megabytes(size) == shown


def test_it_lets_a_pdf_just_over_five_mb_reach_the_form_that_explains(public, application_payload):
    # Between the form's 5 MB and the path's limit, the form's own message is shown.
    upload = SimpleUploadedFile(
        "stor.pdf", b"%PDF-1.4\n" + b"0" * (5 * MB + 10), content_type="application/pdf"
    )
    response = public.post("/anslut/", {**application_payload, "attachment": upload})

    assert response.status_code == 400
    assert "högst 5 MB" in response.content.decode()


def test_it_stores_an_attachment_readable_by_the_portal_only(public, application_payload):
    pdf = SimpleUploadedFile("protokoll.pdf", make_pdf(), content_type="application/pdf")

    response = public.post("/anslut/", {**application_payload, "attachment": pdf})

    assert response.status_code == 302
    path = Application.objects.get().attachment.path
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    folder = Path(path).parent
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
