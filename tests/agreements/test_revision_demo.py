"""The revision tried on the demo, as the process leader and the steering group do it in the
admin: the public pages keep their content and the decisions their numbering."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from agreements.models import Agreement, Version
from agreements.revision import activate_due_versions
from followup.models import RevisionProposal
from steering.models import Decision
from tests.steering.test_admin import held_meeting

pytestmark = pytest.mark.django_db

CARRIED_OVER = ["/styrgrupp/", "/handlingsplan/", "/undertecknare/"]


def main(page: str) -> str:
    return re.search(r"<main.*</main>", page, re.S).group(0)


def test_it_keeps_every_public_page_when_the_demo_adopts_a_revised_version(demo_world, public):
    agreement = Agreement.objects.current()
    old = agreement.in_force
    before = {path: main(public.get(path).content.decode()) for path in CARRIED_OVER}
    meeting = held_meeting(agreement, days_ago=1)
    numbers_before = list(Decision.objects.order_by("pk").values_list("pk", "number"))
    leader = get_user_model().objects.get(email="processledare@exempel.se")
    admin_client = Client()  # `public` stays anonymous
    admin_client.force_login(leader)
    adopted = RevisionProposal.objects.filter(
        agreement=agreement, status=RevisionProposal.Status.ADOPTED
    )
    assert adopted.exists()

    # The process leader starts the draft from the adopted proposals and edits it.
    admin_client.post(
        "/admin/followup/revisionproposal/",
        {
            "action": "start_draft_selected",
            "_selected_action": list(adopted.values_list("pk", flat=True)),
        },
    )
    draft = agreement.versions.get(status=Version.Status.DRAFT)
    draft.valid_from = timezone.localdate()
    draft.vision += "\n\nEtt nytt stycke i visionen."
    draft.save()
    assert (
        "Ett nytt stycke i visionen."
        in public.get(f"/overenskommelsen/versioner/{draft.number}/andringar/").content.decode()
    )
    # The steering group's adoption, recorded at its meeting.
    response = admin_client.post(
        f"/admin/steering/decision/adopt-version/{draft.pk}/", {"meeting": meeting.pk}
    )
    assert response.status_code == 302
    activate_due_versions()

    assert Agreement.objects.get(pk=agreement.pk).in_force == draft
    after = {path: main(public.get(path).content.decode()) for path in CARRIED_OVER}
    assert after == before
    assert (
        list(
            Decision.objects.filter(pk__in=[pk for pk, _n in numbers_before])
            .order_by("pk")
            .values_list("pk", "number")
        )
        == numbers_before
    )
    old.refresh_from_db()
    assert old.status == Version.Status.EXPIRED
    assert public.get(f"/overenskommelsen/versioner/{old.number}/").status_code == 200
