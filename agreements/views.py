from django.http import Http404
from django.shortcuts import get_object_or_404, render

from agreements.models import Agreement, Principle
from agreements.pages import home_extras


def _current_or_404() -> Agreement:
    agreement = Agreement.objects.current()
    if agreement is None:
        raise Http404("No agreement in force")
    return agreement


def home(request):
    agreement = Agreement.objects.current()
    context = {"agreement": agreement}
    context.update(home_extras(agreement))
    return render(request, "agreements/home.html", context)


def agreement_detail(request):
    agreement = _current_or_404()
    return render(
        request,
        "agreements/agreement.html",
        {
            "agreement": agreement,
            "goals": agreement.goals.all(),
            "principles": agreement.principles.all(),
        },
    )


def version_list(request):
    versions = Agreement.objects.published().order_by("-version")
    return render(request, "agreements/versions.html", {"versions": versions})


def version_detail(request, version: int):
    agreement = get_object_or_404(Agreement.objects.published(), version=version)
    return render(
        request,
        "agreements/agreement.html",
        {
            "agreement": agreement,
            "goals": agreement.goals.all(),
            "principles": agreement.principles.all(),
            "is_old_version": agreement != Agreement.objects.current(),
        },
    )


def principle_list(request):
    agreement = _current_or_404()
    return render(
        request,
        "agreements/principles.html",
        {"agreement": agreement, "principles": agreement.principles.all()},
    )


def principle_detail(request, slug: str):
    agreement = _current_or_404()
    principle = get_object_or_404(Principle, agreement=agreement, slug=slug)
    siblings = list(agreement.principles.all())
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
