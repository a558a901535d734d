"""The steering group's admin: seats under the agreement's rules, meetings and their
minutes, decisions, and questions put between meetings.

Nothing here is deleted: seats end, meetings and decisions stay, questions and their
answers are read-only records. Changes that matter go through `steering.services`.
"""

# Imported for their @admin.register side effects: Django's autodiscover imports only
# this package.
from steering.admin import decisions, meetings, motions, questions, seats  # noqa: F401
