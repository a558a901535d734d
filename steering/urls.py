from django.urls import path

from steering.views import answer, public

app_name = "steering"

urlpatterns = [
    path("styrgrupp/", public.composition, name="composition"),
    path("styrgrupp/tidigare/", public.earlier_members, name="earlier"),
    path("styrgrupp/moten/<int:pk>/", public.meeting, name="meeting"),
    path("styrgrupp/moten/<int:pk>.ics", public.meeting_ics, name="meeting_ics"),
    path("styrgrupp/moten.ics", public.meetings_ics, name="meetings_ics"),
    path("styrgrupp/per-capsulam/<int:pk>/", answer.answer, name="answer"),
    path("styrgrupp/per-capsulam/bilagor/<int:pk>/", answer.attachment, name="motion_attachment"),
]
