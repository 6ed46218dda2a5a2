from django.urls import path

from assessments import notification_views, quiz_views, views

app_name = "assessments"
urlpatterns = [
    path("quiz/start/", quiz_views.start, name="start"),
    path("quiz/<uuid:pk>/", quiz_views.resume, name="resume"),
    # Before the section route, which would otherwise take "discard" for a section key.
    path("quiz/<uuid:pk>/discard/", quiz_views.discard, name="discard"),
    path("quiz/<uuid:pk>/<slug:section>/", quiz_views.section, name="section"),
    path("results/", views.history, name="results"),
    path("results/<uuid:pk>/", views.result, name="result"),
    path("results/<uuid:pk>/pdf/", views.result_pdf, name="result_pdf"),
    path("results/<uuid:pk>/level/", views.set_level, name="set_level"),
    path("results/<uuid:pk>/delete/", views.delete_result, name="delete_result"),
    path("me/sharing/", views.keep_manager_updated, name="keep_manager_updated"),
    path("me/access/", views.access_log, name="access_log"),
    path("me/access/seen/", views.dismiss_manager_notice, name="dismiss_manager_notice"),
    path("me/data.json", views.my_data, name="my_data"),
    path("me/delete/", views.delete_all, name="delete_all"),
    path(
        "me/notifications/",
        notification_views.notification_settings,
        name="notification_settings",
    ),
    path(
        "notifications/unsubscribe/<str:token>/",
        notification_views.unsubscribe,
        name="unsubscribe",
    ),
]
