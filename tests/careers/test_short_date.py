"""The team tables' dates read as Django's own date format would write them, in any time
zone the site is set to."""

from datetime import UTC, datetime

from django.test import override_settings
from django.utils import timezone
from django.utils.dateformat import format as django_format
from hypothesis import given
from hypothesis import strategies as st

from careers.team_markup import short_date


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)))
def test_a_short_date_is_djangos_day_month_year_of_the_local_day(moment):
    moment = moment.replace(tzinfo=UTC)
    for zone in ("UTC", "Pacific/Auckland", "America/Los_Angeles"):
        with override_settings(TIME_ZONE=zone):
            local = timezone.localtime(moment)
            expected = django_format(local, "j M Y")
            assert short_date(moment) == (
                f'<time datetime="{django_format(local, "Y-m-d")}">{expected}</time>'
            )
