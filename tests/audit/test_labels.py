"""Statuses in words: one registry every app adds to, read by every history view."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from audit.labels import Labels, Statuses, describe, status_label
from audit.models import AuditEntry
from common import hooks
from tests.demo_host import serve_demo_here


def our_models():
    root = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(root) and ".venv" not in path.parts:
            yield from config.get_models()


def change(model: str, old: str, new: str) -> SimpleNamespace:
    return SimpleNamespace(subject_model=model, old_status=old, new_status=new)


def test_it_names_every_choice_of_every_status_field_of_the_portals_models():
    labels = Labels.collect()
    registered = {
        (statuses.label, statuses.field)
        for hook in hooks.get_hooks("status_labels")
        for statuses in hook()
        if statuses.field
    }
    checked = []
    for model in our_models():
        for field in model._meta.concrete_fields:
            key = (model._meta.label_lower, field.name)
            if not field.choices or (field.name != "status" and key not in registered):
                continue
            for code, words in field.flatchoices:
                assert labels.find(key[0], code) == str(words), f"{key} {code!r} shows raw"
            checked.append(key)
    # The walk found the statuses the issue names, and the answers of per capsulam.
    assert {
        ("steering.percapsulamquestion", "status"),
        ("steering.percapsulamanswer", "answer"),
        ("parties.application", "status"),
        ("followup.response", "status"),
        ("followup.annualreport", "status"),
        ("actionplan.activity", "status"),
    } <= set(checked)


@pytest.mark.django_db
def test_it_has_words_for_every_status_the_demo_world_recorded(settings, reference_data):
    settings.DEBUG = True
    with open("/dev/null", "w") as quiet:
        call_command("seed_demo", stdout=quiet)
        serve_demo_here()
    labels = Labels.collect()
    recorded = {
        (entry.subject_model, code)
        for entry in AuditEntry.objects.select_related("content_type")
        for code in (entry.old_status, entry.new_status)
        if code
    }
    assert len({model for model, _ in recorded}) >= 8
    assert [key for key in sorted(recorded) if labels.find(*key) is None] == []


def test_it_reads_a_question_sent_to_the_next_meeting_in_swedish():
    with translation.override("sv"):
        words = describe(change("steering.percapsulamquestion", "open", "to_meeting"))
    assert words == "Öppen för svar → Flyttad till nästa möte"


def test_it_reads_a_changed_answer_as_the_old_and_the_new_value():
    with translation.override("sv"):
        assert describe(change("steering.percapsulamanswer", "yes", "abstain")) == "Ja → Avstår"
        # Changed before the trail kept the earlier answer.
        earlier = describe(change("steering.percapsulamanswer", "changed", "no"))
    assert earlier == "Tidigare svar → Nej"


def test_it_reads_the_follow_up_and_the_action_plans_codes_in_swedish():
    with translation.override("sv"):
        assert describe(change("followup.response", "not_started", "draft")) == (
            "Inte påbörjad → Utkast sparat"
        )
        assert describe(change("actionplan.activity", "ongoing 60", "done 100")) == (
            "Pågår (60 %) → Klar (100 %)"
        )
        assert status_label("parties.contactperson", "contact #12") == "Kontaktperson nr 12"


def test_it_reads_the_same_codes_in_english():
    with translation.override("en"):
        words = describe(change("steering.percapsulamquestion", "open", "decided"))
    assert words == "Open for answers → Decided"


def test_it_shows_only_the_new_status_when_the_record_began_there_or_stayed():
    with translation.override("en"):
        assert describe(change("followup.revisionproposal", "", "received")) == "Received"
        assert describe(change("followup.revisionproposal", "received", "received")) == ("Received")


def test_it_shows_a_code_nobody_registered_as_it_is():
    labels = Labels.collect()
    assert labels.find("steering.percapsulamquestion", "no_such_status") is None
    assert labels.label("steering.percapsulamquestion", "no_such_status") == "no_such_status"
    assert labels.label("steering.percapsulamquestion", "") == ""


def test_it_reads_what_an_app_registers_for_a_hook():
    from steering.models import Meeting

    def cancelled():
        return [Statuses(Meeting, steps={"cancelled": "Inställt"})]

    with hooks.register_temporarily("status_labels", cancelled):
        assert status_label("steering.meeting", "cancelled") == "Inställt"
        # What the steering app registered for the same model still counts.
        assert status_label("steering.meeting", "minutes_published") != "minutes_published"
    assert status_label("steering.meeting", "cancelled") == "cancelled"
