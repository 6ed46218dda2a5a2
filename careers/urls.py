from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from assessments import views as assessment_views
from careers import api, insight_views, sso, team_views, token_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True,
            # A callable, so each render asks whether SSO is on (and a test can switch it).
            extra_context={"sso_provider_name": sso.provider_name},
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Single sign-on (careers/sso.py): always routed, 404 while SSO is off. The names are the
    # ones mozilla-django-oidc reverses.
    path("oidc/authenticate/", sso.AuthenticateView.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", sso.CallbackView.as_view(), name="oidc_authentication_callback"),
    # Password change and reset: Django's views with the site's own templates (the admin keeps
    # its own registration/password_change_form.html, hence the distinct names here).
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(template_name="registration/password_change.html"),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="registration/password_changed.html"
        ),
        name="password_change_done",
    ),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(
            template_name="registration/password_reset.html",
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "accounts/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="registration/password_reset_sent.html"
        ),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path("ladders/", include("ladders.urls")),
    path("insights/", insight_views.insights_page, name="insights"),
    path("insights/export.csv", insight_views.insights_export, name="insights_export"),
    path("team/", team_views.dashboard, name="team"),
    path("team/export.csv", team_views.export_team, name="team_export"),
    path("team/<str:username>/", team_views.member, name="team_member"),
    path("team/<str:username>/note/", team_views.save_note, name="team_note"),
    path("team/<str:username>/view/", team_views.start_view, name="team_view"),
    path(
        "team/<str:username>/results/<uuid:pk>/",
        team_views.shared_result,
        name="team_result",
    ),
    path("results/<uuid:pk>/sharing/", assessment_views.update_sharing, name="sharing"),
    path("", include("growth.urls")),
    path("", include("assessments.urls")),
    path("me/tokens/", token_views.tokens, name="tokens"),
    path("me/tokens/<int:pk>/revoke/", token_views.revoke_token, name="revoke_token"),
    path("api/", api.urls()),
    path("admin/", admin.site.urls),
]
