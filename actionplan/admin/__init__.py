"""The action plan's admin: the period's plan with its development areas and objectives,
the annual plans and their roll forward, the activities with their timeline, bulk status
changes and the spreadsheet round trip.

Nothing here is deleted: plans, activities and their updates stay. Status and progress
change through `actionplan.services`, so each change is on the timeline and audited.
"""

# Imported for their @admin.register side effects: Django's autodiscover imports only
# this package.
from actionplan.admin import activities, plans  # noqa: F401
