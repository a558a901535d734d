"""What the steering admin's pages share beside `common.admin_pages`: the agreement to put a
question under and a question's default deadline."""

import datetime

from django.contrib import messages
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from agreements import staff
from agreements.models import Agreement


def agreement_to_ask_under(model_admin, request: HttpRequest) -> Agreement | None:
    """The agreement the admin works in, if it is in force, for putting a question; None
    (and a message) without one."""
    agreement = staff.working_agreement(request)
    if agreement is None or agreement.in_force is None:
        model_admin.message_user(
            request, gettext("There is no agreement in force to decide under."), messages.ERROR
        )
        return None
    return agreement


def default_deadline() -> datetime.datetime:
    """A question's deadline unless the one who puts it says otherwise: noon in a week."""
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    return noon + datetime.timedelta(days=7)
