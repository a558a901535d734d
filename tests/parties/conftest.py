import io

import pytest


def make_pdf(pages: int = 1) -> bytes:
    """A small, real PDF made with pypdf."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def application_payload(agreement, municipalities):
    """A complete, valid POST for /anslut/; tests change one thing at a time."""
    from parties.models import ActivityArea

    areas = list(
        ActivityArea.objects.filter(slug__in=["folkhalsa", "idrott"]).values_list("slug", flat=True)
    )
    return {
        "name": "Föreningen Ny Gemenskap",
        "org_number": "802400-1235",
        "sector": "civil_society",
        "legal_form": "ideell_forening",
        "municipality": municipalities[1].slug,
        "areas": areas,
        "website": "https://nygemenskap.exempel.se",
        "description": "Vi ordnar träffar för nyinflyttade.",
        "contact_name": "Vera Volontär",
        "contact_role": "Sekreterare",
        "contact_email": "vera@nygemenskap.test",
        "contact_phone": "070-111 22 33",
        "signatory_name": "Olle Ordförande",
        "signatory_role": "Ordförande",
        "supports_democratic_values": "on",
        "endorses_agreement": "on",
        "decided_by_own_statutes": "on",
        "consents_to_processing": "on",
        "homepage": "",
    }
