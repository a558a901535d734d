"""The follow-up in the admin: rounds and their questions, responses, the conference and
revision proposals. The process leader's workplace for the follow-up.

Nothing here is deleted: rounds, questions, responses and proposals stay. Opening a round,
checking and deciding a proposal go through `followup.services` and
`followup.revisions`.
"""

# Imported for their @admin.register side effects: Django's autodiscover imports only
# this package.
from followup.admin import conference, proposals, reports, responses, rounds  # noqa: F401
