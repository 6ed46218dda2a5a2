"""core.prepared: a QuerySet compiled once gives the same rows as the QuerySet itself, on
SQLite and on PostgreSQL, and refuses what it can't run faithfully when it is first used."""

import uuid

import pytest
from django.db.models import Count, Q

from assessments import services
from assessments.models import Answer, Assessment
from careers.models import User
from core.prepared import Prepared
from tests.careers.factories import demo_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return demo_org()


def fields(obj):
    return {name: value for name, value in vars(obj).items() if not name.startswith("_")}


def test_model_rows_with_annotations_match_the_queryset_for_each_person(org):
    by_id = Prepared(lambda pk: User.objects.with_navigation().filter(pk=pk), int)
    for person in User.objects.all():
        expected = User.objects.with_navigation().get(pk=person.pk)
        assert fields(by_id.one(person.pk)) == fields(expected)
    manager = by_id.one(org["manager"].pk)
    assert manager.nav_has_reports is True and manager.username == "manager"
    assert by_id.one(10**9) is None


def test_select_related_uuid_and_several_uses_of_one_argument(org):
    pm = org["pm"]
    assessment = services.start_or_resume(pm)
    given = Prepared(
        lambda pk, user: Assessment.objects.given_by(user).select_related("version").filter(pk=pk),
        uuid.UUID,
        int,
    )
    found = given.one(assessment.pk, pm.pk)
    assert found.pk == assessment.pk and found.version.to_spec() == assessment.version.to_spec()
    assert fields(found.version) == fields(assessment.version)
    # Somebody else, even the manager, does not answer this assessment.
    assert given.one(assessment.pk, org["manager"].pk) is None
    assert given.one(uuid.uuid4(), pm.pk) is None


def test_values_list_rows_and_flat_values(org):
    names = Prepared(
        lambda manager: (
            User.objects.filter(manager=manager)
            .order_by("username")
            .values_list("username", "is_active")
        ),
        int,
    )
    manager = org["manager"]
    assert names.all(manager.pk) == list(
        User.objects.filter(manager=manager)
        .order_by("username")
        .values_list("username", "is_active")
    )
    assert names.all(manager.pk) == [("pm", True), ("pm2", True)]
    counts = Prepared(
        lambda username: (
            User.objects.filter(Q(username=username) | Q(manager__username=username))
            .annotate(report_count=Count("reports"))
            .order_by("pk")
            .values_list("report_count", flat=True)
        ),
        str,
    )
    assert counts.all("manager") == list(
        User.objects.filter(Q(username="manager") | Q(manager__username="manager"))
        .annotate(report_count=Count("reports"))
        .order_by("pk")
        .values_list("report_count", flat=True)
    )


def test_it_runs_through_the_connection_so_query_counts_see_it(org, django_assert_num_queries):
    by_id = Prepared(lambda pk: User.objects.filter(pk=pk), int)
    by_id.one(org["pm"].pk)
    with django_assert_num_queries(1):
        assert by_id.one(org["pm"].pk).username == "pm"


def test_what_it_cannot_run_faithfully_is_refused_with_the_reason(org):
    inside_like = Prepared(lambda part: User.objects.filter(username__contains=part), str)
    with pytest.raises(TypeError, match="argument 1 does not reach the SQL"):
        inside_like.all("pm")
    prefetching = Prepared(lambda pk: User.objects.filter(pk=pk).prefetch_related("reports"), int)
    with pytest.raises(TypeError, match="prefetch_related"):
        prefetching.all(1)
    as_dicts = Prepared(lambda pk: User.objects.filter(pk=pk).values("username"), int)
    with pytest.raises(TypeError, match="ValuesIterable"):
        as_dicts.all(1)
    by_id = Prepared(lambda pk: User.objects.filter(pk=pk), int)
    with pytest.raises(TypeError, match="takes 1 arguments, not 2"):
        by_id.all(1, 2)
    with pytest.raises(TypeError, match="arguments of type"):
        Prepared(lambda when: User.objects.filter(date_joined=when), float).all(1.0)


def test_one_refuses_a_queryset_that_finds_several_rows(org):
    reports = Prepared(lambda manager: User.objects.filter(manager_id=manager), int)
    with pytest.raises(LookupError, match="returned 2 rows"):
        reports.one(org["manager"].pk)


def test_constants_of_the_queryset_stay_in_place(org):
    answered = Prepared(
        lambda assessment: (
            Answer.objects.filter(assessment_id=assessment)
            .exclude(item_key="no such statement")
            .order_by("item_key")
            .values_list("item_key", "value")
        ),
        uuid.UUID,
    )
    pm = org["pm"]
    assessment = services.start_or_resume(pm)
    keys = [item.key for item in assessment.version.to_spec().items][:4]
    for value, key in enumerate(keys, start=2):
        Answer.objects.create(assessment=assessment, item_key=key, value=value)
    # The values come back decoded from JSON, as the ORM gives them.
    assert answered.all(assessment.pk) == sorted((key, value) for value, key in enumerate(keys, 2))
