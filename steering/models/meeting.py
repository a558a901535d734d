from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.scoping import scoped_manager


class MeetingQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at")

    def held(self):
        return self.filter(starts_at__lt=timezone.now())

    def published(self):
        """Meetings whose minutes have been checked and published: the public sees those."""
        return self.filter(minutes_published_at__isnull=False, minutes_checked_on__isnull=False)

    def unpublished_minutes(self):
        return self.held().filter(minutes_published_at__isnull=True)

    def taking_decisions(self):
        """Meetings a decision may still be recorded at: held, minutes not yet published."""
        return self.unpublished_minutes()


class Meeting(models.Model):
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(
        _("minutes"),
        blank=True,
        help_text=_("Markdown. Raw HTML is not shown; links must be web or email addresses."),
    )
    minutes_checked_by = models.CharField(
        _("minutes checked by (justerare)"), max_length=300, blank=True
    )
    minutes_checked_on = models.DateField(_("minutes checked on"), null=True, blank=True)
    minutes_published_at = models.DateTimeField(_("minutes published"), null=True, blank=True)
    attendees = models.ManyToManyField(
        "steering.Seat",
        verbose_name=_("present"),
        through="steering.Attendance",
        through_fields=("meeting", "seat"),
        related_name="meetings_attended",
        blank=True,
    )

    objects = scoped_manager(MeetingQuerySet, "agreement")

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("A meeting must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(minutes_published_at__isnull=True)
                | Q(minutes_checked_on__isnull=False),
                name="meeting_published_minutes_are_checked",
                violation_error_message=_("Minutes are published only once they are checked."),
            ),
        ]
        indexes = [
            # The public list and the feed: meetings of an agreement by time.
            models.Index(fields=["agreement", "starts_at"], name="meeting_time_idx"),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return _("Meeting %(date)s") % {"date": local.strftime("%Y-%m-%d")}

    def get_absolute_url(self) -> str:
        return reverse("steering:meeting", args=[self.pk])

    @property
    def date(self):
        return timezone.localdate(self.starts_at)

    @property
    def takes_decisions(self) -> bool:
        """Held, and its minutes not yet published: decisions may still be recorded."""
        return self.starts_at <= timezone.now() and self.minutes_published_at is None

    @property
    def minutes_are_public(self) -> bool:
        return bool(self.minutes_published_at and self.minutes_checked_on)

    @property
    def where(self) -> str:
        if self.online and self.place:
            return _("%(place)s and online") % {"place": self.place}
        if self.online:
            return str(_("Online"))
        return self.place


class Attendance(models.Model):
    """A seat present at a meeting; a deputy may step in for an absent ordinary seat."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    seat = models.ForeignKey(
        "steering.Seat", verbose_name=_("seat"), on_delete=models.PROTECT, related_name="+"
    )
    stands_in_for = models.ForeignKey(
        "steering.Seat",
        verbose_name=_("stands in for"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For a deputy: the absent ordinary member whose vote they carry."),
    )

    objects = scoped_manager(path="meeting__agreement")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "seat"], name="attendance_once"),
            models.UniqueConstraint(
                fields=["meeting", "stands_in_for"],
                condition=Q(stands_in_for__isnull=False),
                name="attendance_one_deputy_per_seat",
                violation_error_message=_("Only one deputy can stand in for a seat."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.seat)
