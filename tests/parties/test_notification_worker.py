"""An application's email sent by a real Celery worker on the test Redis, exactly once."""

import pytest

from audit.models import SentNotification
from parties.tasks import send_notification


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_it_sends_the_steering_group_notice_once_through_a_worker(
    make_party, mailoutbox, settings, celery_worker
):
    from parties.models import Application

    settings.STEERING_GROUP_EMAIL = "styrgrupp@region.test"
    organisation = make_party("Föreningen Arbetaren", status="pending")
    application = Application.objects.create(
        membership=organisation.memberships.get(),
        submitted_data={
            "name": organisation.name,
            "org_number": organisation.org_number,
            "municipality": organisation.municipality.name,
        },
        signatory_name="Sam Signatär",
        signatory_role="Ordförande",
        supports_democratic_values=True,
        endorses_agreement=True,
        decided_by_own_statutes=True,
        consents_to_processing=True,
    )
    first = send_notification.delay("application_to_steering_group", application.pk)
    assert first.get(timeout=30) == 1
    again = send_notification.delay("application_to_steering_group", application.pk)
    assert again.get(timeout=30) == 0
    assert [m.to for m in mailoutbox] == [["styrgrupp@region.test"]]
    assert "Föreningen Arbetaren" in mailoutbox[0].subject
    assert SentNotification.objects.filter(object_id=application.pk).count() == 1
