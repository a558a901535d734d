"""A date field's example is a date the form accepts: never in the future where the
future is refused (#15.16)."""

import datetime
import re

from django.utils import timezone

from actionplan.forms import ProgressUpdateForm
from actionplan.models import Activity


def test_it_gives_an_example_date_the_form_accepts():
    form = ProgressUpdateForm(activity=Activity(status="ongoing", progress=10))

    texts = [form.fields["date"].help_text, *form.fields["date"].error_messages.values()]
    examples = [re.search(r"\d{4}-\d{2}-\d{2}", str(text)) for text in texts]
    found = [datetime.date.fromisoformat(m.group()) for m in examples if m]
    assert len(found) == 3
    assert all(day <= timezone.localdate() for day in found)
