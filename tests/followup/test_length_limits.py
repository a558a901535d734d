"""Fields with a length limit: every page loads the counter, and the server refuses a
longer text with a clear Swedish message instead of cutting it."""

import pytest
from django import forms
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_it_refuses_a_too_long_text_in_plain_swedish():
    field = forms.CharField(max_length=5)

    with translation.override("sv"):
        with pytest.raises(forms.ValidationError) as refused:
            field.clean("x" * 9)
        # The message is lazy: read it in the language it is shown in.
        messages = refused.value.messages

    assert messages == ["Skriv högst 5 tecken (du skrev 9). Korta texten och skicka igen."]


def test_it_loads_the_character_counter_on_every_page(client):
    page = client.get("/", follow=True).content.decode()

    assert 'src="/static/js/forms.js"' in page
    assert 'data-logout-url="/konto/logout/"' in page
