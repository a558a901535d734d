"""The next conference on the start page (on the ``home_extras`` hook)."""

from followup.models import Conference


def next_conference(agreement) -> dict:
    """{"next_conference": the agreement's soonest conference not yet over, or None}.

    One query; no agreement in force means no conference to show.
    """
    if agreement is None:
        return {"next_conference": None}
    # `upcoming()` keeps the model's ordering (newest first): ask for the soonest explicitly.
    conference = Conference.objects.upcoming().filter(agreement=agreement).order_by("starts_at")
    return {"next_conference": conference.first()}
