"""What the agreements app registers on the portal's hooks (see `common.hooks`)."""

from agreements.models import Version
from audit.labels import Statuses
from common import hooks


@hooks.register("status_labels")
def statuses() -> list[Statuses]:
    return [Statuses(Version, "status")]
