from django.urls import path

from .views import ScheduleSeriesView, UnscheduleSeriesView

app_name = "publication_series"
urlpatterns = [
    path("<id:page_id>/schedule/", ScheduleSeriesView.as_view(), name="schedule"),
    path("<id:page_id>/unschedule/", UnscheduleSeriesView.as_view(), name="unschedule"),
]
