"""Text typed by people: refuse the invisible characters that change how it reads.

A right-to-left override in a name ("\u202egnp.exe" shows as "exe.png") or an invisible
character between letters makes a text read differently from what it is. No name or free
text in the portal needs them, so every text field of every form (our own, the admin's,
allauth's) refuses them with a message next to the field; text that reaches the database
another way (an import, a script) loses them on save. Where user text sits inside a
sentence on an HTML page, `isolate` wraps it in <bdi> so that even old data cannot turn the
sentence around it.

Zero-width joiner and non-joiner stay allowed: Persian, the Indic scripts and emoji need them.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_save
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

# Embeddings, overrides, isolates and directional marks (Unicode's Bidi_Control property).
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Invisible format characters that no name or free text needs: zero-width space, word
# joiner, invisible operators, deprecated format characters, byte order mark, interlinear
# annotation, Mongolian vowel separator and the tag characters.
INVISIBLE_FORMATS = frozenset(
    "\u180e\u200b\u2060\u2061\u2062\u2063\u2064"
    "\u206a\u206b\u206c\u206d\u206e\u206f\ufeff\ufff9\ufffa\ufffb"
    + "".join(chr(code) for code in range(0xE0000, 0xE0080))
)
# Control characters other than tab and line breaks (NUL is refused by Django already).
CONTROL_CHARACTERS = frozenset(
    chr(code) for code in [*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]
)
REFUSED = BIDI_CONTROLS | INVISIBLE_FORMATS | CONTROL_CHARACTERS
_REFUSED_PATTERN = re.compile("[" + "".join(re.escape(char) for char in sorted(REFUSED)) + "]")
_CONTEXT = 20


def find_refused(text: str) -> tuple[int, str] | None:
    """The position and character of the first refused character in `text`, or None."""
    match = _REFUSED_PATTERN.search(text)
    return (match.start(), match.group()) if match else None


def strip_refused(text: str) -> str:
    return _REFUSED_PATTERN.sub("", text)


def _describe(char: str) -> str:
    if char in BIDI_CONTROLS:
        return _("an invisible character that changes the writing direction")
    return _("an invisible control character")


def refuse_invisible_controls(value) -> None:
    """Validator: refuse text with bidi controls or other invisible format characters."""
    if not isinstance(value, str):
        return
    found = find_refused(value)
    if found is None:
        return
    position, char = found
    before = strip_refused(value[:position])[-_CONTEXT:].strip()
    params = {
        "what": _describe(char),
        "code": f"U+{ord(char):04X}",
        "before": before,
    }
    if before:
        message = _(
            "The text contains %(what)s (%(code)s) after “%(before)s”. Such characters can "
            "make the text read differently from what it is. Remove it, for example by typing "
            "the text instead of pasting it."
        )
    else:
        message = _(
            "The text begins with %(what)s (%(code)s). Such characters can make the text read "
            "differently from what it is. Remove it, for example by typing the text instead "
            "of pasting it."
        )
    raise ValidationError(message, code="invisible_control", params=params)


def isolate(value) -> str:
    """User text inside a sentence on an HTML page, isolated from the sentence's direction."""
    if value is None or value == "":
        return ""
    return format_html("<bdi>{}</bdi>", value)


# ---- installing the guard -------------------------------------------------------------------

_original_clean = forms.CharField.clean


def _guarded_clean(self, value):
    # Passwords are secrets, not text anyone reads: they are taken as typed.
    if not isinstance(self.widget, forms.PasswordInput):
        refuse_invisible_controls(value)
    return _original_clean(self, value)


def _strip_on_save(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # loading fixtures: take the data as it is
        return
    for model_field in sender._meta.concrete_fields:
        if isinstance(model_field, (models.CharField, models.TextField)):
            value = getattr(instance, model_field.attname)
            if isinstance(value, str) and _REFUSED_PATTERN.search(value):
                setattr(instance, model_field.attname, strip_refused(value))


def guard_text_fields() -> None:
    """Make every form's text field refuse, and every save strip, the characters above.

    Patched on Django's CharField, whose subclasses (email, URL, slug, JSON) and every
    model text field's form field inherit it, because no other single place reaches the
    plain forms, the admin's generated forms and allauth's forms alike. Called once from
    the project's AppConfig.ready; calling it again does nothing."""
    if forms.CharField.clean is not _guarded_clean:
        forms.CharField.clean = _guarded_clean
    pre_save.connect(_strip_on_save, dispatch_uid="common.text.strip_on_save")


def isolated_sentence(sentence: str, **values) -> str:
    """A translated sentence with `%(name)s` placeholders, for HTML, each value isolated.

    For messages and other sentences built in Python: the sentence is escaped, the values
    are escaped and wrapped in <bdi>."""
    return mark_safe(conditional_escape(sentence) % {k: isolate(v) for k, v in values.items()})
