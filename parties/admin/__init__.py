"""The steering group's workplace: review and decide applications, withdrawals and changes.

Nothing here changes a status by itself. Every decision goes through a function in
`parties.services` (one transaction, one audit record), reached from an admin action on
the list or from the Approve/Reject buttons on a record's page; both show the same
intermediate decision page first. Nothing that a party did can be deleted here.
"""

# Imported for their @admin.register side effects: Django's autodiscover imports only
# this package.
from parties.admin import (  # noqa: F401
    applications,
    change_requests,
    organisations,
    reference,
    renewals,
    withdrawals,
)
