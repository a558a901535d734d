"""The parties' figures on the start page (on the ``home_extras`` hook)."""

from django.urls import reverse

from agreements.models import Agreement, Sector
from parties.models import Organisation

NEWEST_COUNT = 5


def home_figures(agreement: Agreement | None) -> dict:
    """Active parties per sector, the newest parties and the register's address.

    Every sector that may sign the agreement is listed, also with no parties yet; a sector
    that has parties but may no longer sign is still counted. Two queries.
    """
    parties = Organisation.objects.party_to(agreement)
    counts = {row["sector"]: row for row in parties.counts_by_sector()} if agreement else {}
    labels = dict(Sector.choices)
    version = agreement.in_force if agreement else None
    sectors = list(version.signing_sectors or []) if version else []
    sectors += [code for code in counts if code not in sectors]
    party_counts = [
        {
            "sector": code,
            "label": labels.get(code, code),
            "count": counts[code]["count"] if code in counts else 0,
        }
        for code in sectors
    ]
    newest = (
        list(parties.select_related("municipality").order_by("-joined_on", "-pk")[:NEWEST_COUNT])
        if agreement
        else []
    )
    return {
        "party_counts": party_counts,
        "newest_parties": newest,
        "register_url": reverse("parties:register"),
    }
