"""What the parties app registers on the portal's hooks (see `common.hooks`)."""

import re

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from audit.labels import Statuses
from common import hooks
from common.scoping import unscoped
from parties.home import home_figures
from parties.models import Application, ChangeRequest, ContactPerson, Membership, Withdrawal
from parties.retention import ERASED

ERASED_WORDS = pgettext_lazy("audit trail", "Personal data erased")
CONTACT_CODE = re.compile(r"contact #(\d+)")


def _contact(code: str) -> str | None:
    # A handover records which contact person held the role before and after.
    if match := CONTACT_CODE.fullmatch(code):
        return _("Contact person no. %(number)s") % {"number": match[1]}
    return None


@hooks.register("status_labels")
def statuses() -> list[Statuses]:
    return [
        Statuses(Membership, "status"),
        Statuses(Application, "status", steps={ERASED: ERASED_WORDS}),
        Statuses(ChangeRequest, "status"),
        Statuses(
            Withdrawal,
            steps={
                "notice_given": gettext_lazy("Notice of withdrawal given"),
                "registered": gettext_lazy("Withdrawal registered by the steering group"),
            },
        ),
        Statuses(
            ContactPerson,
            steps={
                "ended": pgettext_lazy("audit trail", "Role ended"),
                ERASED: ERASED_WORDS,
                # An existing account named in an application answers the link it was sent.
                "awaits_confirmation": pgettext_lazy("audit trail", "Awaits confirmation"),
                "confirmed": pgettext_lazy("audit trail", "Role confirmed"),
                "declined": pgettext_lazy("audit trail", "Role declined"),
            },
            compose=_contact,
        ),
        Statuses(get_user_model(), steps={ERASED: ERASED_WORDS}),
    ]


# The parties per sector and the newest parties on the start page.
hooks.register("home_extras", home_figures)


@hooks.register("agreement_party_counts")
def agreement_party_counts(agreements) -> dict[int, list[dict]]:
    """{agreement id: [{"sector", "label", "count"}, ...]}: the active memberships of each
    agreement per sector, in one query (the overview of the agreements at `/`)."""
    from django.db.models import Count

    from agreements.models import Sector

    labels = dict(Sector.choices)
    ids = [agreement.pk for agreement in agreements]
    counts: dict[int, list[dict]] = {pk: [] for pk in ids}
    with unscoped():
        rows = (
            Membership.objects.active()
            .filter(agreement_id__in=ids)
            .order_by()
            .values("agreement_id", "organisation__sector")
            .annotate(count=Count("pk"))
            .order_by("agreement_id", "organisation__sector")
        )
        for row in rows:
            sector = row["organisation__sector"]
            counts[row["agreement_id"]].append(
                {"sector": sector, "label": labels.get(sector, sector), "count": row["count"]}
            )
    return counts


# ---- renewal of parties -------------------------------------------------------------------


@hooks.register("status_labels")
def renewal_statuses() -> list[Statuses]:
    from parties.models import RenewalRequest

    return [Statuses(RenewalRequest, "status")]


@hooks.register("version_adopted")
def ask_parties_to_renew(*, version, decision=None, by=None) -> None:
    """A version whose rule says so asks every party to confirm continued participation."""
    if not version.renewal_required:
        return
    from parties.services import renewal

    renewal.ask_for_renewal(version, by=by)
