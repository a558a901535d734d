from django.conf import settings


def portal(request) -> dict:
    """Values every page's layout needs."""
    return {
        "data_controller": settings.DATA_CONTROLLER,
        "accessibility_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
        "show_demo_hint": settings.DEBUG,
        "personal_data_retention_days": settings.PERSONAL_DATA_RETENTION_DAYS,
    }
