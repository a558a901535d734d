"""What one version of the agreement changes compared with another, for the public page
`/overenskommelsen/versioner/<n>/andringar/`.

Texts are compared paragraph by paragraph (paragraphs are separated by blank lines and
aligned with difflib), and word by word inside a changed paragraph. Goals are matched by
their order and title, principles by their slug. Every insertion and deletion is rendered
as `<ins>`/`<del>` with a visually hidden word, so it is told in text, not only by colour.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agreements.models import Version

EQUAL, INSERTED, DELETED, CHANGED = "equal", "inserted", "deleted", "changed"

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Words, the spaces between them, and punctuation apart, so "tidigt," still matches "tidigt".
WORDS = re.compile(r"\s+|\w+|[^\w\s]+")
# Below this share of words in common, a paragraph is shown as rewritten: the old one
# removed and the new one added, not a word diff that is mostly noise.
REWRITTEN = 0.3

# The texts, in the order the agreement shows them.
TEXTS = [
    ("title", _("Title")),
    ("introduction", _("Introduction")),
    ("vision", _("Vision")),
    ("purpose", _("Purpose")),
]
# The steering group's rules: each field's verbose name is its label.
RULES = [
    "steering_balanced",
    "steering_chairs_from_different_sectors",
    "steering_chair_mandate_months",
    "steering_max_seats_per_party",
    "quorum_percent",
    "quorum_each_sector",
    "per_capsulam_rule",
]


@dataclass
class Piece:
    kind: str  # EQUAL, INSERTED or DELETED
    text: str


def inserted(text: str) -> SafeString:
    return format_html(
        '<ins><span class="visually-hidden">{} </span>{}</ins>', gettext("Added:"), text
    )


def deleted(text: str) -> SafeString:
    return format_html(
        '<del><span class="visually-hidden">{} </span>{}</del>', gettext("Removed:"), text
    )


def render(pieces: list[Piece]) -> SafeString:
    parts = []
    for index, piece in enumerate(pieces):
        if piece.kind == INSERTED and index and pieces[index - 1].kind == DELETED:
            parts.append(" ")  # what replaces a deletion is read apart from it
        if piece.kind == INSERTED:
            parts.append(inserted(piece.text))
        elif piece.kind == DELETED:
            parts.append(deleted(piece.text))
        else:
            parts.append(format_html("{}", piece.text))
    return mark_safe("".join(parts))


def word_diff(old: str, new: str) -> list[Piece]:
    """The pieces of `new` with what `old` had instead, word by word."""
    old_words, new_words = WORDS.findall(old), WORDS.findall(new)
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    pieces = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece(EQUAL, "".join(new_words[j1:j2])))
            continue
        if i2 > i1:
            pieces.append(Piece(DELETED, "".join(old_words[i1:i2])))
        if j2 > j1:
            pieces.append(Piece(INSERTED, "".join(new_words[j1:j2])))
    return pieces


@dataclass
class Paragraph:
    kind: str  # EQUAL, INSERTED, DELETED or CHANGED
    pieces: list[Piece]

    @property
    def html(self) -> SafeString:
        return render(self.pieces)

    @property
    def changed(self) -> bool:
        return self.kind != EQUAL


def similarity(old: str, new: str) -> float:
    """The share of words two paragraphs have in common (spaces and punctuation aside)."""
    return difflib.SequenceMatcher(
        None, re.findall(r"\w+", old), re.findall(r"\w+", new), autojunk=False
    ).ratio()


def paragraphs(text: str) -> list[str]:
    return [part.strip() for part in PARAGRAPH_BREAK.split(text or "") if part.strip()]


def paragraph_diff(old: str, new: str) -> list[Paragraph]:
    """Both texts paragraph by paragraph: kept, added, removed, or changed word by word."""
    old_parts, new_parts = paragraphs(old), paragraphs(new)
    matcher = difflib.SequenceMatcher(None, old_parts, new_parts, autojunk=False)
    result = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result += [Paragraph(EQUAL, [Piece(EQUAL, text)]) for text in new_parts[j1:j2]]
            continue
        olds, news = old_parts[i1:i2], new_parts[j1:j2]
        # A replaced block: the paragraphs in the same place are one changed paragraph each,
        # unless they have so little in common that a word diff would only be noise.
        for before, after in zip(olds, news, strict=False):
            if similarity(before, after) < REWRITTEN:
                result.append(Paragraph(DELETED, [Piece(DELETED, before)]))
                result.append(Paragraph(INSERTED, [Piece(INSERTED, after)]))
            else:
                result.append(Paragraph(CHANGED, word_diff(before, after)))
        result += [Paragraph(DELETED, [Piece(DELETED, text)]) for text in olds[len(news) :]]
        result += [Paragraph(INSERTED, [Piece(INSERTED, text)]) for text in news[len(olds) :]]
    return result


@dataclass
class TextChange:
    key: str
    label: str
    paragraphs: list[Paragraph]

    @property
    def changed(self) -> bool:
        return any(paragraph.changed for paragraph in self.paragraphs)


@dataclass
class ItemChange:
    """A goal or a principle: added, removed, changed or kept."""

    kind: str
    name: str
    old_name: str = ""
    parts: list[TextChange] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.kind != EQUAL


@dataclass
class Fact:
    """A value shown as a whole (validity, who may sign, a rule): what it was and is."""

    label: str
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


def _item_change(old, new, name: str, parts: list[tuple[str, str]]) -> ItemChange:
    if old is None:
        return ItemChange(INSERTED, getattr(new, name))
    if new is None:
        return ItemChange(DELETED, getattr(old, name))
    texts = [
        TextChange(attr, label, paragraph_diff(getattr(old, attr), getattr(new, attr)))
        for attr, label in [(name, gettext("Name")), *parts]
    ]
    kind = CHANGED if any(text.changed for text in texts) else EQUAL
    return ItemChange(kind, getattr(new, name), getattr(old, name), texts)


def goal_changes(old: list, new: list) -> list[ItemChange]:
    """Goals in order, aligned by title: a goal moved or retitled in place is changed."""
    parts = [("description", gettext("Description"))]
    matcher = difflib.SequenceMatcher(
        None, [goal.title for goal in old], [goal.title for goal in new], autojunk=False
    )
    result = []
    for _tag, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = old[i1:i2], new[j1:j2]
        for before, after in zip(olds, news, strict=False):
            result.append(_item_change(before, after, "title", parts))
        result += [_item_change(before, None, "title", parts) for before in olds[len(news) :]]
        result += [_item_change(None, after, "title", parts) for after in news[len(olds) :]]
    return result


def principle_changes(old: list, new: list) -> list[ItemChange]:
    """Principles matched by slug, in the new version's order; removed ones last."""
    parts = [("summary", gettext("Summary")), ("description", gettext("Full description"))]
    before = {principle.slug: principle for principle in old}
    result = [_item_change(before.pop(p.slug, None), p, "name", parts) for p in new]
    result += [_item_change(p, None, "name", parts) for p in before.values()]
    return result


def _shown(version: Version, attr: str) -> str:
    value = getattr(version, attr)
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if value is None:
        return gettext("No limit")
    display = getattr(version, f"get_{attr}_display", None)
    return str(display()) if display else str(value)


def facts(old: Version, new: Version) -> tuple[list[Fact], list[Fact]]:
    """(validity and joining, the steering group's rules), each as it was and as it is."""

    def day(value) -> str:
        return date_format(value, "j F Y") if value else ""

    def sectors(version: Version) -> str:
        return ", ".join(str(label) for label in version.signing_sector_labels)

    def field_label(attr: str) -> str:
        return str(Version._meta.get_field(attr).verbose_name).capitalize()

    validity = [
        Fact(gettext("Valid from"), day(old.valid_from), day(new.valid_from)),
        Fact(gettext("Valid until"), day(old.valid_until), day(new.valid_until)),
        Fact(gettext("Review due"), day(old.review_due), day(new.review_due)),
        Fact(gettext("Who may join"), sectors(old), sectors(new)),
        Fact(
            field_label("renewal_required"),
            _shown(old, "renewal_required"),
            _shown(new, "renewal_required"),
        ),
    ]
    rules = [Fact(field_label(attr), _shown(old, attr), _shown(new, attr)) for attr in RULES]
    return validity, rules


@dataclass
class Comparison:
    old: Version
    new: Version
    texts: list[TextChange]
    goals: list[ItemChange]
    principles: list[ItemChange]
    validity: list[Fact]
    rules: list[Fact]

    @property
    def changed(self) -> bool:
        return any(
            part.changed
            for part in [*self.texts, *self.goals, *self.principles, *self.validity, *self.rules]
        )


def compare(old: Version, new: Version) -> Comparison:
    """What `new` changes compared with `old`."""
    texts = [
        TextChange(attr, str(label), paragraph_diff(getattr(old, attr), getattr(new, attr)))
        for attr, label in TEXTS
    ]
    validity, rules = facts(old, new)
    return Comparison(
        old=old,
        new=new,
        texts=texts,
        goals=goal_changes(list(old.goals.all()), list(new.goals.all())),
        principles=principle_changes(list(old.principles.all()), list(new.principles.all())),
        validity=validity,
        rules=rules,
    )
