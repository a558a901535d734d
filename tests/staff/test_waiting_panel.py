"""The admin start page's "what needs me" panel lists the waiting matters of the agreement
the staff member works in, never another's (issue 17)."""

import pytest

from agreements import staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def motions(agreement, agreement_b, admin_user):
    from steering.models import Motion

    return {
        key: Motion.objects.create(
            agreement=one, title=f"Fråga i {key.upper()}", text="Text.", put_by=admin_user
        )
        for key, one in (("a", agreement), ("b", agreement_b))
    }


def _panel(client) -> str:
    return client.get("/admin/").content.decode()


def test_a_process_leader_sees_only_their_agreements_waiting_matters(as_user, leader_b, motions):
    page = _panel(as_user(leader_b))
    assert "Fråga i B" in page
    assert "Fråga i A" not in page


def test_someone_in_both_sees_the_active_agreements_matters(
    as_user, leader_both, agreement_b, motions
):
    client = as_user(leader_both)
    page = _panel(client)
    assert "Fråga i A" in page and "Fråga i B" not in page

    client.post("/admin/agreements/agreement/switch/", {"agreement": agreement_b.pk})
    page = _panel(client)
    assert "Fråga i B" in page and "Fråga i A" not in page


def test_waiting_matters_of_one_agreement_also_outside_a_request(agreement, agreement_b, motions):
    from steering.matters import waiting_matters

    found, total = waiting_matters(agreement=agreement_b)
    assert [matter.record for matter in found] == [motions["b"]] and total == 1
    found, _total = waiting_matters()  # a periodic job: every agreement's
    assert {motions["a"], motions["b"]} <= {matter.record for matter in found}
    assert staff.agreement_id_of(motions["b"]) == agreement_b.pk
