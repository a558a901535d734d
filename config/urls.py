from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from config.health import healthz

admin.site.site_header = _("Samverkan – administration")
admin.site.site_title = _("Samverkan")
admin.site.index_title = _("The steering group's and process leader's workplace")

urlpatterns = [
    path("", include("agreements.urls")),
    path("", include("parties.urls")),
    path("", include("steering.urls")),
    path("", include("actionplan.urls")),
    path("", include("followup.urls")),
    path(
        "tillganglighet/",
        TemplateView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path(
        "personuppgifter/",
        TemplateView.as_view(template_name="pages/privacy.html"),
        name="privacy",
    ),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("konto/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

# Uploaded files (application attachments) are never served publicly, also not in DEBUG:
# staff read them through the admin.
