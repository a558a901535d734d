"""The annual report's state changes: asking for a version, generating it, publishing it.

`request_report` makes a queued version and sends the task after the transaction commits;
`generate` is what the task runs. The task is acknowledged late: a worker that dies
mid-generation leaves the version running, the broker hands the task to another worker,
and `generate` claims the version again. Whichever run finishes first stores the file and
makes it ready; a later run finds it ready and stores nothing, so exactly one file results.
A version left running by a lost task is sent again by `requeue_stuck`.

Without a broker (the embedded default, tasks run eagerly) the task would run inside the
click's request: the browser would wait for the whole PDF. There the generation runs in a
thread of the web process instead, started after the commit, so the request returns at
once and the page follows the version queued, running, ready as it does with a worker
(`REPORT_GENERATION_IN_BACKGROUND`; the tests turn it off to generate in the request).
"""

import datetime
import logging
import math
import threading

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, connections, transaction
from django.db.models import F, Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement
from audit.trail import record
from followup.models import AnnualReport
from followup.queue import task

log = logging.getLogger(__name__)

# A version still running after this long has lost its worker; `requeue_stuck` sends it
# again. Longer than any real generation (seconds) and than the broker's redelivery.
STUCK_AFTER = datetime.timedelta(minutes=30)
# A version whose worker has been lost this many times (a document that kills the worker,
# say by running it out of memory) is marked failed instead of being tried forever.
MAX_ATTEMPTS = 3
ERROR_MAX = 2_000


class ReportError(Exception):
    """A report cannot be made; the message says why, in Swedish."""


def size_label(size: int | None) -> str:
    """“340 kB”, “1,2 MB”: how big the download is, in the reader's language."""
    if not size:
        return ""
    if size < 1_000_000:
        return _("%(size)s kB") % {"size": max(1, math.ceil(size / 1000))}
    return _("%(size)s MB") % {"size": formats.number_format(size / 1_000_000, 1)}


def years_for(agreement: Agreement, today: datetime.date | None = None) -> list[int]:
    """The years a report can be made for: from the agreement's first year to this one."""
    today = today or timezone.localdate()
    if agreement.period is None:
        return []
    first = agreement.period[0].year
    last = min(today.year, agreement.period[1].year)
    return list(range(last, first - 1, -1))


def check_year(agreement: Agreement, year: int, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    if agreement.period is None:
        raise ReportError(_("No version of the agreement has been adopted yet."))
    first, last = agreement.period
    if year < first.year:
        raise ReportError(
            _("The agreement took effect in %(first)s; there is no report for %(year)s.")
            % {"first": first.year, "year": year}
        )
    if year > today.year:
        raise ReportError(
            _("%(year)s has not begun yet; a report can be made for this year or earlier.")
            % {"year": year}
        )
    if year > last.year:
        raise ReportError(
            _("The agreement was valid until %(last)s; there is no report for %(year)s.")
            % {"last": last.year, "year": year}
        )


def request_report(
    agreement: Agreement, year: int, *, by, foreword: str = "", method_note: str = ""
) -> tuple[AnnualReport, bool]:
    """Queue a new version of `year`'s report, made with the chair's `foreword` and the
    process leader's `method_note`; (the version, True if queued now).

    While a version of the year is queued or running, that one is returned instead of a
    second: two clicks at once start one generation.
    """
    check_year(agreement, year)
    running = AnnualReport.objects.unfinished().filter(agreement=agreement, year=year).first()
    if running is not None:
        if _in_a_thread() and not _thread_alive(running.pk):
            # Its thread was lost with the process (a restart while rendering), and no beat
            # runs `requeue_stuck` without a broker: the next click starts it again.
            start_generation(running.pk)
        return running, False
    try:
        with transaction.atomic():
            last = AnnualReport.objects.filter(agreement=agreement, year=year).aggregate(
                last=Max("version")
            )["last"]
            report = AnnualReport.objects.create(
                agreement=agreement,
                year=year,
                version=(last or 0) + 1,
                foreword=foreword.strip(),
                method_note=method_note.strip(),
                requested_by=by if by is not None and by.is_authenticated else None,
            )
            record(report, "", report.status, actor=by)
            start_generation_on_commit(report.pk)
    except IntegrityError:
        # Another request made a version in the same instant (the partial unique constraint
        # report_one_generation_at_a_time, or the same version number): join that one.
        same_year = AnnualReport.objects.filter(agreement=agreement, year=year)
        joined = same_year.unfinished().first() or same_year.order_by("-version").first()
        if joined is None:
            raise
        return joined, False
    return report, True


def _in_a_thread() -> bool:
    """No broker, and the portal renders reports in a thread of the web process."""
    generate_report = task("generate_report")
    eager = generate_report.app.conf.task_always_eager
    return eager and getattr(settings, "REPORT_GENERATION_IN_BACKGROUND", True)


def _thread_name(report_pk: int) -> str:
    return f"annual-report-{report_pk}"


def _thread_alive(report_pk: int) -> bool:
    return any(
        thread.name == _thread_name(report_pk) and thread.is_alive()
        for thread in threading.enumerate()
    )


def start_generation_on_commit(report_pk: int) -> None:
    """`start_generation` once the current transaction has committed."""
    if _in_a_thread():
        transaction.on_commit(lambda: start_generation(report_pk))
    else:
        task("generate_report").delay_on_commit(report_pk)


def start_generation(report_pk: int) -> None:
    """Send the version's task to the worker, or without one start it in a thread."""
    generate_report = task("generate_report")
    if _in_a_thread():
        threading.Thread(
            target=_generate_in_thread,
            args=(report_pk,),
            name=_thread_name(report_pk),
            # Not a daemon: an interpreter that exits normally waits for the file.
            daemon=False,
        ).start()
    else:
        generate_report.delay(report_pk)


def _generate_in_thread(report_pk: int) -> None:
    """The task, run eagerly in this thread with its own database connection."""
    generate_report = task("generate_report")
    try:
        result = generate_report.apply(args=(report_pk,), throw=False)
        if result.failed():
            # Nobody waits on the thread: the version says it failed, the log says why.
            log.error("Report %s failed in the background: %r", report_pk, result.result)
            report = AnnualReport.objects.filter(pk=report_pk).first()
            if report is not None:
                _fail(report, _("The generation stopped unexpectedly."))
    finally:
        connections.close_all()


def _claim(report_pk: int) -> AnnualReport | None:
    """Mark the version running (again, after a lost worker); None when it is finished.

    A version already tried `MAX_ATTEMPTS` times is marked failed instead (and None).
    """
    worn_out = AnnualReport.objects.filter(
        pk=report_pk, status__in=AnnualReport.UNFINISHED, attempts__gte=MAX_ATTEMPTS
    ).first()
    if worn_out is not None:
        _fail(
            worn_out,
            _("The generation was interrupted %(count)s times; it is not tried again.")
            % {"count": worn_out.attempts},
        )
        return None
    claimed = AnnualReport.objects.filter(
        pk=report_pk, status__in=AnnualReport.UNFINISHED, attempts__lt=MAX_ATTEMPTS
    ).update(
        status=AnnualReport.Status.RUNNING,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
        progress=5,
    )
    if not claimed:
        return None
    return AnnualReport.objects.select_related("agreement").get(pk=report_pk)


def set_progress(report: AnnualReport, percent: int) -> None:
    AnnualReport.objects.filter(pk=report.pk, status=AnnualReport.Status.RUNNING).update(
        progress=percent
    )


def generate(report_pk: int) -> AnnualReport | None:
    """Render the version's PDF and store it; what the task runs.

    A rendering error marks the version failed with the error's text (earlier versions
    stay as they were); no file is stored unless the version becomes ready.
    """
    from followup.report.render import render_report

    report = _claim(report_pk)
    if report is None:
        return None
    try:
        pdf, pages = render_report(
            report.agreement,
            report.year,
            progress=lambda p: set_progress(report, p),
            texts={"foreword": report.foreword, "method_note": report.method_note},
        )
    except Exception as error:  # noqa: BLE001 -- any failure is shown to the process leader
        log.exception("Report %s failed", report.pk)
        _fail(report, error)
        report.refresh_from_db()
        return report
    return _store(report, pdf, pages)


def _fail(report: AnnualReport, error: Exception | str) -> None:
    """Mark the version failed, unless another run has finished it meanwhile."""
    text = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    text = text[:ERROR_MAX]
    with transaction.atomic():
        updated = AnnualReport.objects.filter(
            pk=report.pk, status__in=AnnualReport.UNFINISHED
        ).update(status=AnnualReport.Status.FAILED, error=text, finished_at=timezone.now())
        if updated:
            record(report, report.status, AnnualReport.Status.FAILED, reason=text)


def _store(report: AnnualReport, pdf: bytes, pages: int) -> AnnualReport:
    """Save the file and make the version ready, unless another run finished it first.

    The version's row is locked while its file is written, so two runs store one after
    the other and the second finds it ready. A file left at the version's path by a run
    that died between writing it and committing is replaced, not kept beside the new one.
    """
    stored = None
    try:
        with transaction.atomic():
            locked = AnnualReport.objects.select_for_update().get(pk=report.pk)
            if locked.status != AnnualReport.Status.RUNNING:
                # Another run of the same task finished first: its file is the one.
                return locked
            field = locked.file.field
            name = field.generate_filename(locked, locked.filename())
            if field.storage.exists(name):
                field.storage.delete(name)
            locked.file.save(locked.filename(), ContentFile(pdf), save=False)
            stored = locked.file.name
            locked.status = AnnualReport.Status.READY
            locked.progress = 100
            locked.pages = pages
            locked.size = len(pdf)
            locked.error = ""
            locked.finished_at = timezone.now()
            locked.save()
            record(locked, AnnualReport.Status.RUNNING, locked.status)
    except BaseException:
        # Not committed (the save, the audit record or the commit failed): no file either.
        if stored:
            report.file.storage.delete(stored)
        raise
    return locked


def requeue_stuck(now: datetime.datetime | None = None) -> int:
    """Send again the versions that have been running or queued for too long (a worker
    that died, a broker that lost the message); returns how many."""
    generate_report = task("generate_report")
    now = now or timezone.now()
    stuck = list(
        AnnualReport.objects.unfinished()
        .filter(requested_at__lt=now - STUCK_AFTER)
        .exclude(started_at__gte=now - STUCK_AFTER)
        .values_list("pk", flat=True)
    )
    for pk in stuck:
        generate_report.delay(pk)
    return len(stuck)


@transaction.atomic
def publish(report: AnnualReport, *, by) -> AnnualReport:
    """Make this version the year's published report (the earlier one is withdrawn)."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if report.status != AnnualReport.Status.READY:
        raise ReportError(_("Only a ready report can be published."))
    if report.is_published:
        return report
    for earlier in AnnualReport.objects.select_for_update().filter(
        agreement=report.agreement, year=report.year, published_at__isnull=False
    ):
        earlier.published_at, earlier.published_by = None, None
        earlier.save(update_fields=["published_at", "published_by"])
        record(earlier, "published", "withdrawn", actor=by, reason=_("A newer version published"))
    report.published_at, report.published_by = timezone.now(), by
    report.save(update_fields=["published_at", "published_by"])
    record(report, report.status, "published", actor=by)
    return report


@transaction.atomic
def unpublish(report: AnnualReport, *, by) -> AnnualReport:
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if report.is_published:
        report.published_at, report.published_by = None, None
        report.save(update_fields=["published_at", "published_by"])
        record(report, "published", "withdrawn", actor=by)
    return report
