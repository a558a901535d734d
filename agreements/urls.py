from django.urls import path

from agreements import views

app_name = "agreements"

urlpatterns = [
    path("", views.home, name="home"),
    # The installation's: every agreement hosted (config.agreement_routing serves it unprefixed).
    path("overenskommelser.json", views.overview_json, name="overview_json"),
    path("overenskommelsen/", views.agreement_detail, name="agreement"),
    path("overenskommelsen/versioner/", views.version_list, name="versions"),
    path("overenskommelsen/versioner/<int:version>/", views.version_detail, name="version"),
    path(
        "overenskommelsen/versioner/<int:version>/andringar/",
        views.version_changes,
        name="changes",
    ),
    path("principer/", views.principle_list, name="principles"),
    path("principer/<slug:slug>/", views.principle_detail, name="principle"),
]
