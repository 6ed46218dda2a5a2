from django.urls import path

from ladders import views

app_name = "ladders"
urlpatterns = [
    path("", views.ladder_list, name="list"),
    path("<slug:slug>/", views.ladder_detail, name="ladder"),
    path("<slug:slug>/<slug:key>/", views.level_detail, name="level"),
]
