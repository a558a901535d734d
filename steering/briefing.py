"""What a voting member needs to decide a question put between meetings: the facts about
the matter, a link to it in the admin, the rule that applies. Shown on the question page
and in the question's email."""

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from parties.models import Application, ChangeRequest, Withdrawal
from steering.models import Motion, PerCapsulamQuestion
from steering.rules import per_capsulam_rule_explained


@dataclass
class Brief:
    facts: list[tuple[str, str]] = field(default_factory=list)
    description: str = ""  # the organisation's own words, or the free question's text
    description_label: str = ""
    admin_path: str = ""  # the full record in the admin
    rule: str = ""
    attachments: list = field(default_factory=list)  # MotionAttachment rows


def _organisation_facts(organisation) -> list[tuple[str, str]]:
    return [
        (_("Organisation"), organisation.name),
        (_("Sector"), organisation.get_sector_display()),
        (_("Municipality"), str(organisation.municipality)),
        (_("Legal form"), organisation.get_legal_form_display()),
        (_("Organisation number"), organisation.org_number),
    ] + ([(_("Website"), organisation.website)] if organisation.website else [])


def _admin_path(record) -> str:
    opts = record._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    except NoReverseMatch:
        return ""


def brief(question: PerCapsulamQuestion) -> Brief:
    result = Brief(rule=per_capsulam_rule_explained(question.rules))
    matter = question.matter
    if matter is None:
        return result
    result.admin_path = _admin_path(matter)
    if isinstance(matter, Application):
        organisation = matter.organisation
        result.facts = _organisation_facts(organisation)
        result.description = (
            matter.submitted_data.get("description") or organisation.description or ""
        )
        result.description_label = _("The organisation's own description")
    elif isinstance(matter, Withdrawal):
        result.facts = _organisation_facts(matter.organisation) + [
            (_("Date of notice"), matter.notice_date.isoformat())
        ]
        result.description = matter.reason
        result.description_label = _("Reason given in the notice")
    elif isinstance(matter, Motion):
        result.attachments = list(matter.attachments.all())
    elif isinstance(matter, ChangeRequest):
        result.facts = [
            (_("Current name"), matter.current_name),
            (_("New name"), matter.new_name),
            (_("Current organisation number"), matter.current_org_number),
            (_("New organisation number"), matter.new_org_number),
        ]
    return result
