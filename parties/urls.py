from django.urls import path

from parties.feeds import NewPartiesFeed
from parties.views import account_data, apply, confirm, mine, register, renewal

app_name = "parties"

urlpatterns = [
    path("anslut/", apply.apply, name="apply"),
    path("anslut/kvitto/<str:token>/", apply.receipt, name="receipt"),
    path("undertecknare/", register.register, name="register"),
    path("undertecknare.csv", register.register_csv, name="register_csv"),
    path("undertecknare.json", register.register_json, name="register_json"),
    path("undertecknare/flode/", NewPartiesFeed(), name="feed"),
    path("undertecknare/<slug:slug>/", register.detail, name="detail"),
    path("min-organisation/", mine.overview, name="mine"),
    path("min-organisation/uppgifter/", mine.edit_details, name="edit"),
    path("min-organisation/kontaktperson/", mine.hand_over, name="handover"),
    path(
        "min-organisation/kontaktperson/<str:token>/",
        mine.accept_handover,
        name="accept_handover",
    ),
    path(
        "min-organisation/bekrafta/<str:token>/",
        confirm.confirm_contact,
        name="confirm_contact",
    ),
    path("min-organisation/uttrade/", mine.withdraw, name="withdraw"),
    path(
        "min-organisation/fortsatt-deltagande/<int:pk>/",
        renewal.confirm,
        name="confirm_renewal",
    ),
    path("min-organisation/mina-uppgifter.json", account_data.my_data, name="my_data"),
]
