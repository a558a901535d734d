"""The language switch: a plain link, so it works without JavaScript and without a form.

Django's `set_language` is a POST with a CSRF token, which gave every page a token and a
cookie and so kept every page out of the cache. Choosing a language changes nothing but the
visitor's own cookie, so a GET is enough; nobody gains anything by forging one.
"""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def switch_language(request, language: str):
    """Remember the language in Django's language cookie and go back to `next`."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    target = "/"
    for candidate in (request.GET.get("next"), request.headers.get("referer")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = candidate
            break
    response = HttpResponseRedirect(target)
    # The same cookie, with the same attributes, as django.views.i18n.set_language sets.
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
