"""What the agreements app's pages show from other parts of the portal.

Kept below the views so that the page's view and its tests share it.
"""

from contextlib import contextmanager

from django.http import Http404, HttpRequest

from agreements.models import Agreement
from common import hooks, scoping


def agreement_of(request: HttpRequest) -> Agreement | None:
    """The agreement the request's address names (config.agreement_routing); None on the
    installation's own pages, or before any agreement is hosted."""
    return getattr(request, "agreement", None)


def agreement_or_404(request: HttpRequest) -> Agreement:
    agreement = agreement_of(request)
    if agreement is None:
        raise Http404("No agreement")
    return agreement


def published_agreement(request: HttpRequest) -> Agreement | None:
    """The request's agreement once it has a published version (what the pages about the
    agreement in force need), else None."""
    agreement = agreement_of(request)
    return agreement if agreement is not None and agreement.in_force is not None else None


def guarded_agreement_id() -> int | None:
    """The one agreement the request's guard holds (common.scoping), for code called from a
    page without the request (a hook's section); None when it holds none or several."""
    allowed = scoping.current_agreement_ids()
    if isinstance(allowed, frozenset) and len(allowed) == 1:
        return next(iter(allowed))
    return None


def home_extras(agreement: Agreement | None) -> dict:
    """Figures from other parts of the portal shown on the start page.

    Asked through the ``home_extras`` hook (see `common.hooks`), so the agreements app
    itself depends on nothing above it.
    """
    extras: dict = {}
    for provider in hooks.get_hooks("home_extras"):
        extras.update(provider(agreement))
    return extras


# ---- the installation's overview (/ and /overenskommelser.json) ----------------------------

# The public pages and open data of an agreement the overview's open data gives addresses of:
# (key, URL name), relative to the agreement's own address.
AGREEMENT_PAGES = (
    ("home", "agreements:home"),
    ("agreement", "agreements:agreement"),
    ("register", "parties:register"),
    ("steering_group", "steering:composition"),
    ("action_plan", "actionplan:plan"),
    ("reports", "followup:reports"),
    ("apply", "parties:apply"),
)
AGREEMENT_OPEN_DATA = (
    ("register_json", "parties:register_json"),
    ("register_csv", "parties:register_csv"),
    ("register_feed", "parties:feed"),
    ("action_plan_json", "actionplan:plan_json"),
    ("action_plan_csv", "actionplan:plan_csv"),
    ("action_plan_feed", "actionplan:feed"),
    ("meetings_ics", "steering:meetings_ics"),
)


def party_counts(agreements: list[Agreement]) -> dict[int, list[dict]]:
    """{agreement id: [{"sector", "label", "count"}, ...]} from the ``agreement_party_counts``
    hook (see `common.hooks`); {} for every agreement when nobody answers."""
    counts: dict[int, list[dict]] = {}
    if not agreements:
        return counts
    # The overview reads across agreements on purpose (common.scoping).
    with scoping.unscoped():
        for provider in hooks.get_hooks("agreement_party_counts"):
            for agreement_id, rows in provider(agreements).items():
                counts.setdefault(agreement_id, []).extend(rows)
    return counts


def periods(agreements: list[Agreement]) -> None:
    """Fill in every agreement's `period` (first day, last day of its adopted versions) in
    one query, so the overview's queries do not grow with the agreements."""
    from django.db.models import Max, Min

    from agreements.models import Version

    spans = {
        row["agreement"]: (row["first"], row["last"])
        for row in Version.objects.published()
        .filter(agreement__in=agreements)
        .values("agreement")
        .annotate(first=Min("valid_from"), last=Max("valid_until"))
        .order_by()
    }
    for agreement in agreements:
        agreement.__dict__["period"] = spans.get(agreement.pk)


def page_path(path: str) -> str:
    """`path` as `reverse()` or `get_absolute_url()` gave it, without the script prefix (and
    so without the prefix of the request's agreement, inside a request): "/undertecknare/"."""
    from django.urls import get_script_prefix

    prefix = get_script_prefix()
    if path.startswith(prefix):
        return "/" + path[len(prefix) :]
    return "/" + path.lstrip("/")


def agreement_address(agreement: Agreement, path: str = "/") -> str:
    """The absolute address of `path` (as `reverse()` or `get_absolute_url()` gives it, in a
    request of any agreement or outside one) for the agreement: on its own host name when it
    has one, else under its short name on the installation's address (settings.SITE_URL).

    The one way an email, a task or the report links to an agreement's page; links into the
    installation's own pages (/admin/, /konto/) are `installation_address`."""
    from django.conf import settings

    path = page_path(path)
    if agreement.domain:
        scheme = settings.SITE_URL.split("://", 1)[0] if "://" in settings.SITE_URL else "https"
        return f"{scheme}://{agreement.domain}{path}"
    return f"{settings.SITE_URL}/{agreement.slug}{path}"


def agreement_link(agreement: Agreement, viewname: str, *args, **kwargs) -> str:
    """`agreement_address` of the URL name `viewname` (with its `args` or `kwargs`)."""
    from django.urls import reverse

    return agreement_address(agreement, reverse(viewname, args=args or None, kwargs=kwargs or None))


def installation_address(path: str) -> str:
    """The absolute address of one of the installation's own pages (the admin, accounts),
    never under an agreement's prefix: `path` as `reverse()` gives it anywhere."""
    from django.conf import settings

    return settings.SITE_URL + page_path(path)


def agreement_path(agreement: Agreement, path: str, current: Agreement | None = None) -> str:
    """`path`, reversed in a request about `current` (None outside a request), as the same
    page of `agreement`, for a link in a page: unchanged when they are the same agreement,
    else under `agreement`'s prefix `/<slug>/`, which serves it whatever the host."""
    from django.urls import get_script_prefix

    if current is not None and current.pk == agreement.pk:
        return path
    prefix = get_script_prefix()
    root = prefix
    if current is not None and prefix.endswith(f"/{current.slug}/"):
        root = prefix[: -len(current.slug) - 1]
    rest = path[len(prefix) :] if path.startswith(prefix) else path.lstrip("/")
    return f"{root}{agreement.slug}/{rest}"


def unprefixed(name: str) -> str:
    """The path of a URL name as the patterns give it, without the script prefix."""
    from django.urls import get_script_prefix, reverse

    return "/" + reverse(name)[len(get_script_prefix()) :]


@contextmanager
def addresses_of(agreement: Agreement):
    """`reverse()` and `{% url %}` give the agreement's addresses (under its prefix) inside the
    block: for an email or a task that links to an agreement's pages outside a request.
    `settings.SITE_URL + reverse(...)` is then the absolute address."""
    from django.urls import get_script_prefix, set_script_prefix

    previous = get_script_prefix()
    set_script_prefix(f"{previous.rstrip('/')}/{agreement.slug}/")
    try:
        yield
    finally:
        set_script_prefix(previous)
