"""`{{ name|bdi }}`: a person's text inside a sentence, isolated from its direction."""

from django import template

from common.text import isolate

register = template.Library()
register.filter("bdi", isolate, is_safe=True)
