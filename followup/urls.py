from django.urls import path

from followup.views import answer, conference, proposals, reports

app_name = "followup"

urlpatterns = [
    path("uppfoljning/<int:year>/", answer.form, name="form"),
    path("uppfoljning/<int:year>/utkast/", answer.autosave, name="autosave"),
    path("overenskommelsen/forslag/", proposals.public_list, name="proposals"),
    path("min-organisation/forslag/", proposals.propose, name="propose"),
    path("konferens/<int:year>/", conference.detail, name="conference"),
    path("konferens/<int:year>.ics", conference.ics, name="conference_ics"),
    path("rapporter/", reports.index, name="reports"),
    path("rapporter/<int:pk>/status.json", reports.status, name="report_status"),
    path("rapporter/<int:pk>/ladda-ner/", reports.download, name="report_download"),
    path("rapporter/<int:pk>/publicera/", reports.publish, name="report_publish"),
    path("rapporter/<int:year>/siffror.xlsx", reports.figures_xlsx, name="report_figures"),
]
