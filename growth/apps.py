from django.apps import AppConfig


class GrowthConfig(AppConfig):
    name = "growth"
    verbose_name = "Growth plans"

    def ready(self) -> None:
        # The person's plan joins their "download my data" and "delete all", and the weekly
        # check-in reminder joins `send_reminders` (assessments cannot import this app: it
        # sits on the floor below).
        from assessments import notifications, personal_data
        from growth import plan_data, reminders

        personal_data.register_section(
            personal_data.PersonalSection(
                key="growth_plan",
                export=plan_data.export_plan,
                delete=plan_data.delete_plan,
            )
        )
        notifications.register_reminder(reminders.CHECKIN_REMINDER)
