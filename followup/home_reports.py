"""The newest published annual report on the start page (on the ``home_extras`` hook)."""

from followup.models import AnnualReport


def latest_report(agreement) -> dict:
    """{"latest_report": the agreement's newest published report, or None}. One query."""
    if agreement is None:
        return {"latest_report": None}
    from followup.reports import size_label

    report = AnnualReport.objects.published().filter(agreement=agreement).order_by("-year").first()
    if report is not None:
        report.size_label = size_label(report.size)
    return {"latest_report": report}
