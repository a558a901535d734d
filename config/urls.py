from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from config.accounts import PasswordResetKeepingNext
from config.health import healthz
from config.language import switch_language
from config.mfa import ActivateTOTPKeepingNext, RecoveryCodesWithAWayOn

admin.site.site_header = _("Samverkan – administration")
admin.site.site_title = _("Samverkan")
admin.site.index_title = _("The steering group's and process leader's workplace")
# The admin signs in through allauth like the rest of the portal, so staff pass the same
# second factor and rate limits; its own password-only form is never shown.
admin.site.login = secure_admin_login(admin.site.login)

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
    path("sprak/<slug:language>/", switch_language, name="switch_language"),
    # Two of allauth's two-factor pages, keeping `next` (config.mfa); the rest as allauth has them.
    path("konto/2fa/totp/activate/", ActivateTOTPKeepingNext.as_view(), name="mfa_activate_totp"),
    path(
        "konto/2fa/recovery-codes/",
        RecoveryCodesWithAWayOn.as_view(),
        name="mfa_view_recovery_codes",
    ),
    path(
        "konto/password/reset/", PasswordResetKeepingNext.as_view(), name="account_reset_password"
    ),
    path("konto/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

# Uploaded files (application attachments) are never served publicly, also not in DEBUG:
# staff read them through the admin.
