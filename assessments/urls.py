from django.urls import path

from assessments import views

app_name = "assessments"
urlpatterns = [
    path("quiz/start/", views.start, name="start"),
    path("quiz/<uuid:pk>/", views.resume, name="resume"),
    # Before the section route, which would otherwise take "discard" for a section key.
    path("quiz/<uuid:pk>/discard/", views.discard, name="discard"),
    path("quiz/<uuid:pk>/<slug:section>/", views.section, name="section"),
    path("results/", views.history, name="results"),
    path("results/<uuid:pk>/", views.result, name="result"),
    path("results/<uuid:pk>/level/", views.set_level, name="set_level"),
]
