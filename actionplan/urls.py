from django.urls import path

from actionplan.feeds import ProgressFeed
from actionplan.views import mine, public

app_name = "actionplan"

urlpatterns = [
    path("handlingsplan/", public.plan, name="plan"),
    path("handlingsplan.csv", public.plan_csv, name="plan_csv"),
    path("handlingsplan.json", public.plan_json, name="plan_json"),
    path("handlingsplan/flode/", ProgressFeed(), name="feed"),
    path("handlingsplan/aktiviteter/<int:pk>/", public.activity, name="activity"),
    path("min-organisation/aktiviteter/", mine.activities, name="mine"),
    path("min-organisation/aktiviteter/<int:pk>/", mine.update, name="update"),
]
