from django.urls import path

from followup.views import answer, conference, proposals

app_name = "followup"

urlpatterns = [
    path("uppfoljning/<int:year>/", answer.form, name="form"),
    path("overenskommelsen/forslag/", proposals.public_list, name="proposals"),
    path("min-organisation/forslag/", proposals.propose, name="propose"),
    path("konferens/<int:year>/", conference.detail, name="conference"),
    path("konferens/<int:year>.ics", conference.ics, name="conference_ics"),
]
