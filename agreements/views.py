from django.http import Http404
from django.shortcuts import get_object_or_404, render

from agreements.comparison import compare
from agreements.models import Agreement, Principle, Version
from agreements.pages import agreement_of, home_extras
from agreements.revision import draft_of, previous_version


def _current_or_404(request) -> tuple[Agreement, Version]:
    agreement = agreement_of(request)
    if agreement is None or agreement.in_force is None:
        raise Http404("No agreement in force")
    return agreement, agreement.in_force


def home(request):
    agreement = agreement_of(request)
    context = {"agreement": agreement, "version": getattr(agreement, "in_force", None)}
    context.update(home_extras(agreement))
    return render(request, "agreements/home.html", context)


def agreement_detail(request):
    agreement, version = _current_or_404(request)
    return render(
        request,
        "agreements/agreement.html",
        {
            "agreement": agreement,
            "version": version,
            "goals": version.goals.all(),
            "principles": version.principles.all(),
            "previous": previous_version(version),
        },
    )


def version_list(request):
    agreement = agreement_of(request)
    versions = (
        agreement.versions.published().order_by("-number")
        if agreement is not None
        else Version.objects.none()
    )
    return render(
        request,
        "agreements/versions.html",
        {
            "agreement": agreement,
            "versions": versions,
            "in_force": getattr(agreement, "in_force", None),
            "draft": draft_of(agreement) if agreement is not None else None,
        },
    )


def version_detail(request, version: int):
    agreement = agreement_of(request)
    if agreement is None:
        raise Http404("No agreement")
    shown = get_object_or_404(agreement.versions.published(), number=version)
    return render(
        request,
        "agreements/agreement.html",
        {
            "agreement": agreement,
            "version": shown,
            "goals": shown.goals.all(),
            "principles": shown.principles.all(),
            "is_old_version": shown != agreement.in_force,
            "previous": previous_version(shown),
        },
    )


def version_changes(request, version: int):
    """What version `version` changes compared with the one before; a draft's too, since
    the changes the steering group is asked to adopt are public."""
    agreement = agreement_of(request)
    if agreement is None:
        raise Http404("No agreement")
    shown = get_object_or_404(agreement.versions.select_related("replaces"), number=version)
    previous = previous_version(shown)
    return render(
        request,
        "agreements/changes.html",
        {
            "agreement": agreement,
            "version": shown,
            "previous": previous,
            "comparison": compare(previous, shown) if previous is not None else None,
            "is_draft": shown.status == Version.Status.DRAFT,
        },
    )


def principle_list(request):
    agreement, version = _current_or_404(request)
    return render(
        request,
        "agreements/principles.html",
        {"agreement": agreement, "version": version, "principles": version.principles.all()},
    )


def principle_detail(request, slug: str):
    agreement, version = _current_or_404(request)
    principle = get_object_or_404(Principle, version=version, slug=slug)
    siblings = list(version.principles.all())
    index = siblings.index(principle)
    return render(
        request,
        "agreements/principle.html",
        {
            "agreement": agreement,
            "principle": principle,
            "previous": siblings[index - 1] if index > 0 else None,
            "next": siblings[index + 1] if index + 1 < len(siblings) else None,
        },
    )
