"""The follow-up's section on the contact person's page /min-organisation/, plugged into
`parties.extensions.MINE_SECTIONS` from `apps.py`."""


def followup_section(request, organisation) -> str:
    return ""
