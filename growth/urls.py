from django.urls import path

from growth import team_views, views

app_name = "growth"
urlpatterns = [
    path("plan/", views.plan, name="plan"),
    path("plan/start/", views.start, name="start"),
    path("plan/target/", views.set_target, name="target"),
    path("plan/ratings/", views.save_ratings, name="ratings"),
    path("plan/sharing/", views.update_sharing, name="sharing"),
    path("plan/experiments/", views.add_experiment, name="add_experiment"),
    path("plan/experiments/<int:pk>/", views.experiment, name="experiment"),
    path("plan/experiments/<int:pk>/status/", views.experiment_status, name="experiment_status"),
    path("plan/experiments/<int:pk>/checkin/", views.check_in, name="checkin"),
    path("plan/experiments/<int:pk>/end/", views.end_experiment, name="end_experiment"),
    path("plan/board/", views.board, name="board"),
    path("plan/board/<int:pk>/touched/", views.touched_base, name="touched_base"),
    path("plan/board/<int:pk>/remove/", views.remove_member, name="remove_member"),
    path("plan/pulse/", views.pulse, name="pulse"),
    # A manager's view of a report's shared plan (the team pages live in careers).
    path("team/<str:username>/plan/", team_views.team_plan, name="team_plan"),
    path("team/<str:username>/plan/comment/", team_views.comment, name="team_comment"),
    path("team/<str:username>/plan/agenda/", team_views.team_agenda, name="team_agenda"),
]
