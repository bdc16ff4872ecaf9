from django.urls import path

from .views import ConfirmImportView, ImportRunView, ImportView

urlpatterns = [
    path("", ImportView.as_view(), name="publications_import"),
    path("<id:run_id>/", ImportRunView.as_view(), name="publications_import_run"),
    path("<id:run_id>/confirm/", ConfirmImportView.as_view(), name="publications_import_confirm"),
]
