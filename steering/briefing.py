"""What a voting member needs to decide a question put between meetings: the facts about
the matter, a link to it in the admin, the rule that applies. Shown on the question page
and in the question's email."""

from dataclasses import dataclass, field

from common.admin_pages import record_admin_path
from steering import matters
from steering.models import PerCapsulamQuestion
from steering.rules import per_capsulam_rule_explained


@dataclass
class Brief:
    facts: list[tuple[str, str]] = field(default_factory=list)
    description: str = ""  # the organisation's own words, or the free question's text
    description_label: str = ""
    admin_path: str = ""  # the full record in the admin
    rule: str = ""
    attachments: list = field(default_factory=list)  # MotionAttachment rows


def brief(question: PerCapsulamQuestion) -> Brief:
    result = Brief(rule=per_capsulam_rule_explained(question.rules))
    matter = question.matter
    if matter is None:
        return result
    result.admin_path = record_admin_path(matter)
    # The facts, description and attachments are the kind of matter's own.
    if (matter_type := matters.for_record(matter)) is not None:
        matter_type.describe(matter, result)
    return result
