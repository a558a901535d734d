"""The agreement a request concerns, for the parties' views."""

from django.http import HttpRequest


def request_agreement(request: HttpRequest):
    """The request's agreement (set by the routing middleware); until every path has one,
    the installation's agreement in force."""
    agreement = getattr(request, "agreement", None)
    if agreement is not None:
        return agreement
    from agreements.models import Agreement

    return Agreement.objects.current()
