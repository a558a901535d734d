from django.conf import settings


def portal(request) -> dict:
    """Values every page's layout needs: the agreement's own settings under its address
    (config.agreement_routing), the installation's defaults on the installation's pages."""
    agreement = getattr(request, "agreement", None)
    if agreement is not None:
        controller = agreement.controller
        accessibility_email = agreement.accessibility_address
        steering_email = agreement.steering_address
    else:
        controller = settings.DATA_CONTROLLER
        accessibility_email = settings.ACCESSIBILITY_CONTACT_EMAIL
        steering_email = settings.STEERING_GROUP_EMAIL
    return {
        "current_agreement": agreement,
        "data_controller": controller,
        "accessibility_email": accessibility_email,
        "steering_email": steering_email,
        "show_demo_hint": settings.DEBUG,
        "personal_data_retention_days": settings.PERSONAL_DATA_RETENTION_DAYS,
    }
