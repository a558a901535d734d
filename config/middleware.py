from django.conf import settings
from django.utils import translation


class SwedishFirstLocaleMiddleware:
    """Swedish unless the visitor chose another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language; a
    Swedish public service shows Swedish first, and remembers an explicit choice.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch = response.headers.get("Vary", "")
        if "Cookie" not in patch:
            response.headers["Vary"] = f"{patch}, Cookie" if patch else "Cookie"
        return response


def chosen_language(request) -> str:
    """The language a request is answered in: the switch's cookie when it names one of
    ours, else Swedish. The page cache keys on the same rule (config.pagecache)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class PermissionsPolicyMiddleware:
    """Send the Permissions-Policy header built from settings.PERMISSIONS_POLICY.

    Django has no setting for it. The setting maps a feature to the origins allowed to use
    it ("self" or an origin); an empty list switches the feature off everywhere.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(_origin(o) for o in origins)})"
            for feature, origins in getattr(settings, "PERMISSIONS_POLICY", {}).items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


def _origin(origin: str) -> str:
    return origin if origin in {"self", "*"} else f'"{origin}"'
