"""Generated payloads at /anslut/: never a 500, never half-saved rows."""

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from audit.models import AuditEntry
from parties.forms import ApplicationForm
from parties.models import Application, ContactPerson, Organisation

# Every field of the form, the honeypot too; the file has tests of its own.
FIELDS = [name for name in ApplicationForm.base_fields if name != "attachment"]
junk_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=150, max_size=1200),
    st.sampled_from(
        [
            "",
            " ",
            "<script>alert(1)</script>",
            "\x00",
            "556036-0793",
            "9" * 40,
            "https://exempel.se",
            "a@b.se",
            "'; DROP TABLE parties_organisation; --",
        ]
    ),
    st.integers(min_value=-(2**63), max_value=2**63).map(str),
)
payload_changes = st.dictionaries(
    st.sampled_from(FIELDS), st.one_of(junk_text, st.lists(junk_text, max_size=3)), max_size=6
)


def _counts() -> tuple[int, ...]:
    return (
        Organisation.objects.count(),
        Application.objects.count(),
        ContactPerson.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.mark.django_db
@hyp_settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=payload_changes)
def test_it_never_fails_or_half_saves_on_generated_input(
    client, application_payload, settings, changes
):
    settings.RATELIMIT_ENABLE = False
    before = _counts()
    response = client.post("/anslut/", {**application_payload, **changes})
    after = _counts()
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 302:
        assert (after[0], after[1]) == (before[0] + 1, before[1] + 1)
    else:
        assert after == before
