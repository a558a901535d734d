"""The follow-up form, built from the round's questions asked of the party's sector.

One field per question (`q<pk>`), plus `q<pk>_comment` where the question takes a comment.
Every field is optional for a draft; `submit=True` also requires the required questions.
`answers()` gives what `services.save_answers` takes.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from followup.models import Answer, Question, QuestionKind
from followup.models.round import (
    COMMENT_MAX,
    LONG_TEXT_MAX,
    NUMBER_MAX,
    SCALE_MAX,
    SCALE_MIN,
    SHORT_TEXT_MAX,
)
from followup.services import AnswerData

CANNOT_JUDGE = "cannot_judge"
YES, NO = "yes", "no"

TOO_LONG = _("Write at most %(limit_value)d characters (you wrote %(show_value)d).")
SCALE_ERRORS = {
    "invalid_choice": _("Choose a number from 1 to 5, or “Cannot judge”."),
}
YES_NO_ERRORS = {"invalid_choice": _("Choose yes or no.")}
NUMBER_ERRORS = {
    "invalid": _("Give a whole number, for example 12."),
    "min_value": _("The number cannot be negative."),
    "max_value": _("Give a number of at most %(limit_value)s."),
}
TEXT_ERRORS = {"max_length": TOO_LONG, "null_characters_not_allowed": _("Remove the null bytes.")}


def field_name(question: Question) -> str:
    return f"q{question.pk}"


def comment_name(question: Question) -> str:
    return f"q{question.pk}_comment"


def scale_choices(question: Question) -> list[tuple[str, str]]:
    low = question.low_label or _("Does not work at all")
    high = question.high_label or _("Works very well")
    choices = [(str(value), str(value)) for value in range(SCALE_MIN, SCALE_MAX + 1)]
    choices[0] = (str(SCALE_MIN), f"{SCALE_MIN} – {low}")
    choices[-1] = (str(SCALE_MAX), f"{SCALE_MAX} – {high}")
    return [*choices, (CANNOT_JUDGE, _("Cannot judge"))]


def _field(question: Question) -> forms.Field:
    common = {"label": question.text, "help_text": question.help_text, "required": False}
    if question.kind == QuestionKind.SCALE:
        return forms.ChoiceField(
            choices=scale_choices(question),
            widget=forms.RadioSelect,
            error_messages=SCALE_ERRORS,
            **common,
        )
    if question.kind == QuestionKind.YES_NO:
        return forms.ChoiceField(
            choices=[(YES, _("Yes")), (NO, _("No"))],
            widget=forms.RadioSelect,
            error_messages=YES_NO_ERRORS,
            **common,
        )
    if question.kind == QuestionKind.NUMBER:
        return forms.IntegerField(
            min_value=0,
            max_value=NUMBER_MAX,
            error_messages=NUMBER_ERRORS,
            widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
            **common,
        )
    if question.kind == QuestionKind.SHORT_TEXT:
        return forms.CharField(max_length=SHORT_TEXT_MAX, error_messages=TEXT_ERRORS, **common)
    return forms.CharField(
        max_length=LONG_TEXT_MAX,
        error_messages=TEXT_ERRORS,
        widget=forms.Textarea(attrs={"rows": 6}),
        **common,
    )


def _initial(question: Question, answer: Answer | None) -> dict:
    if answer is None:
        return {}
    initial = {comment_name(question): answer.comment}
    name = field_name(question)
    if question.kind == QuestionKind.SCALE:
        initial[name] = CANNOT_JUDGE if answer.cannot_judge else answer.scale
    elif question.kind == QuestionKind.YES_NO:
        initial[name] = {True: YES, False: NO}.get(answer.yes_no)
    elif question.kind == QuestionKind.NUMBER:
        initial[name] = answer.number
    else:
        initial[name] = answer.text
    return initial


class QuestionGroup:
    """A question with its bound fields, for the template."""

    def __init__(self, question: Question, field, comment):
        self.question = question
        self.field = field
        self.comment = comment

    @property
    def errors(self):
        return [*self.field.errors, *(self.comment.errors if self.comment else [])]


class FollowUpForm(forms.Form):
    """The party's answers. `response` is posted back and checked by the view."""

    response = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args,
        questions: list[Question],
        response_pk: int,
        answers: dict[int, Answer] | None = None,
        submit: bool = False,
        **kwargs,
    ):
        answers = answers or {}
        initial = {"response": response_pk}
        for question in questions:
            initial.update(_initial(question, answers.get(question.pk)))
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.submit = submit
        for question in questions:
            self.fields[field_name(question)] = _field(question)
            if question.with_comment:
                self.fields[comment_name(question)] = forms.CharField(
                    label=_("Comment on “%(question)s” (optional)") % {"question": question.text},
                    required=False,
                    max_length=COMMENT_MAX,
                    error_messages=TEXT_ERRORS,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )

    def themes(self) -> list[tuple[str, list[QuestionGroup]]]:
        """The questions grouped by theme, in question order (a theme's first question
        decides where the theme comes)."""
        self._describe_fields()
        grouped: dict[str, list[QuestionGroup]] = {}
        for question in self.questions:
            comment = self[comment_name(question)] if question.with_comment else None
            grouped.setdefault(question.theme, []).append(
                QuestionGroup(question, self[field_name(question)], comment)
            )
        return list(grouped.items())

    def _describe_fields(self) -> None:
        """Point each text and number input at its help text and errors (a group of
        radio buttons is described on its fieldset, in the template)."""
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.RadioSelect | forms.HiddenInput):
                continue
            auto_id = self[name].auto_id
            ids = [f"{auto_id}_helptext"] if field.help_text else []
            if self.is_bound and name in self.errors:
                ids.append(f"{auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def clean(self) -> dict:
        data = super().clean()
        if self.submit:
            for question in self.questions:
                name = field_name(question)
                if question.required and name not in self.errors and _empty(data.get(name)):
                    self.add_error(
                        name,
                        forms.ValidationError(
                            _("Answer this question before you submit."), code="required"
                        ),
                    )
        return data

    def answers(self) -> dict[int, AnswerData]:
        """{question pk: AnswerData} from the cleaned data (call after is_valid())."""
        data = self.cleaned_data
        found = {}
        for question in self.questions:
            value = data.get(field_name(question))
            answer = AnswerData(comment=data.get(comment_name(question)) or "")
            if question.kind == QuestionKind.SCALE:
                answer.cannot_judge = value == CANNOT_JUDGE
                answer.scale = int(value) if value and value != CANNOT_JUDGE else None
            elif question.kind == QuestionKind.YES_NO:
                answer.yes_no = {YES: True, NO: False}.get(value)
            elif question.kind == QuestionKind.NUMBER:
                answer.number = value
            else:
                answer.text = value or ""
            found[question.pk] = answer
        return found


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
