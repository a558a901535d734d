"""The signed-in person's own data as a JSON file: the right of access, self-served."""

import json

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from common.scoping import unscoped_view
from parties import personal_data

FILENAME = "mina-uppgifter.json"


@require_GET
@never_cache
@login_required
@unscoped_view
def my_data(request: HttpRequest) -> HttpResponse:
    """Everything we hold about the signed-in user, and nobody else, as a download."""
    data = personal_data.collect(request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{FILENAME}"'
    return response
