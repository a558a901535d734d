from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteeringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "steering"
    verbose_name = _("Steering group")

    def ready(self) -> None:
        from parties import extensions, personal_data
        from parties.models import Organisation
        from steering import (
            citations,
            sections,
            services,
            tasks,  # noqa: F401 (registers the tasks queued by name)
        )
        from steering import personal_data as steering_data

        extensions.party_withdrawn.connect(
            services.end_seats_of_withdrawn_party,
            sender=Organisation,
            dispatch_uid="steering_end_seats_of_withdrawn_party",
        )
        extensions.decision_taken.connect(
            services.record_party_decision, dispatch_uid="steering_record_party_decision"
        )
        extensions.register(extensions.DECISION_REFERENCES, services.references)
        extensions.register(extensions.DECISION_FORM_FIELDS, citations.decision_form_fields)
        extensions.register(extensions.ORGANISATION_SECTIONS, sections.representatives)
        extensions.register(personal_data.PROVIDERS, steering_data.sections)
