"""The ladder pages: list, diagram, level page with its comparison; constant query counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ladders.diagram import layout
from ladders.drafts import publish_draft
from ladders.models import Ladder
from tests.ladders.factories import forked_ladder

pytestmark = pytest.mark.django_db


@pytest.fixture
def pm(django_user_model, client):
    user = django_user_model.objects.create_user(username="pat", password="x")
    client.force_login(user)
    return user


def test_the_list_shows_each_ladder_with_its_counts(client, pm, default_ladder):
    page = client.get(reverse("ladders:list")).content.decode()
    assert 'href="/ladders/product-management/"' in page
    assert "9 levels on 4 tracks · 11 competencies" in page


def test_the_diagram_contains_every_level_and_the_fork(client, pm, default_ladder):
    page = client.get(reverse("ladders:ladder", args=["product-management"])).content.decode()
    for level in default_ladder.levels.all():
        assert f'href="/ladders/product-management/{level.key}/"' in page
    # The fork: Senior PM is marked, and an edge leaves it for each of the three branches.
    senior = re.search(r'<a class="ladder-node ladder-node--shared ladder-node--fork"[^>]*'
                       r'href="/ladders/product-management/senior-pm/"', page)  # fmt: skip
    assert senior and "Fork · 3 paths" in page
    assert page.count('class="ladder-edge ') == 9  # 7 single steps + 2 more from the fork
    for kind in ("ic", "hybrid", "people"):
        assert f"ladder-edge--{kind}" in page
    assert "the path forks:" in page
    # The legend names every track; the table alternative lists every level again.
    for name in ("Shared foundation", "Builder track (individual contributor)",
                 "Group PM bridge", "People leadership track"):  # fmt: skip
        assert f"</span>{name}</li>" in page
    table = page[page.index("<table") :]
    assert table.count('<th scope="row">') == 9


def test_the_diagram_lays_out_ranks_as_rows_and_branches_as_columns(default_ladder):
    diagram = layout(default_ladder.to_spec())
    assert [track.kind for track in diagram.columns] == ["ic", "hybrid", "people"]
    cells = {node.level.key: cell for cell in diagram.cells for node in cell.nodes}
    assert (cells["senior-pm"].row, cells["senior-pm"].span) == (3, 3)
    assert (cells["principal-pm"].row, cells["principal-pm"].column) == (4, 1)
    assert (cells["group-pm"].row, cells["group-pm"].column) == (4, 2)
    assert (cells["director"].row, cells["director"].column) == (5, 3)
    assert diagram.rows == 7


def test_the_held_level_is_marked(client, pm, default_ladder):
    pm.level = default_ladder.levels.get(key="senior-pm")
    pm.save()
    page = client.get(reverse("ladders:ladder", args=["product-management"])).content.decode()
    assert "ladder-node--held" in page and "you are here" in page


def test_each_person_sees_their_own_level_marked_on_the_ladder_page_kept_per_version(
    client, pm, default_ladder, django_user_model
):
    url = reverse("ladders:ladder", args=["product-management"])
    others = {
        "senior-pm": pm,
        "group-pm": django_user_model.objects.create_user("gail"),
        None: None,
    }
    pm.level = default_ladder.levels.get(key="senior-pm")
    pm.save()
    others["group-pm"].level = default_ladder.levels.get(key="group-pm")
    others["group-pm"].save()
    others[None] = django_user_model.objects.create_user("noel")
    for _ in range(2):  # the second round comes from the pages kept for this version
        for key, person in others.items():
            client.force_login(person)
            page = client.get(url).content.decode()
            held = re.findall(r'ladder-node--held" href="[^"]*/([a-z-]+)/"', page)
            assert held == ([key] if key else [])
            assert page.count("you are here") == (1 if key else 0)


def test_the_level_page_shows_focus_scope_split_and_expectations_by_area(
    client, pm, default_ladder
):
    page = client.get(reverse("ladders:level", args=["product-management", "group-pm"]))
    text = page.content.decode()
    assert "<h1>Group Product Manager</h1>" in text
    assert "Roughly 40% managing people" in text
    assert re.search(r"Managing people <strong>40%</strong>", text)
    assert re.search(r"Own product work <strong>20%</strong>", text)
    for area in ("Execution", "Customer insight", "Strategy", "Influence", "People leadership"):
        assert f"<h3>{area}</h3>" in text
    assert text.count('<div class="expectation">') == 11


def test_compare_shows_what_grows_and_what_is_new_side_by_side(client, pm, default_ladder):
    url = reverse("ladders:level", args=["product-management", "senior-pm"])
    page = client.get(url, {"compare": "principal-pm", "also": "director"}).content.decode()
    columns = page.split('<article class="card comparison__column')[1:]
    assert len(columns) == 2
    to_principal, to_director = columns
    assert "Principal Product Manager</a></h3>" in to_principal
    assert "Director of Product</a></h3>" in to_director
    assert "0% → 60%" in to_director  # managing people
    new_for_director = to_director.split("<h4>New at this level</h4>")[1].split("<h4>")[0]
    assert "Building teams and organisations" in new_for_director
    grows_for_principal = to_principal.split("<h4>What grows</h4>")[1]
    assert "Product strategy and vision" in grows_for_principal
    # The table at a glance lines the three levels up, one column each.
    glance = re.sub(r"\s+", "", page.split('class="table glance__table"')[1].split("</table>")[0])
    assert '<thscope="row">Timemanagingpeople</th><td>0%</td><td>0%</td><td>60%</td>' in glance
    assert "glance__cell--new" in glance.split("Buildingteamsandorganisations")[1]


def test_compare_fragment_for_htmx(client, pm, default_ladder):
    url = reverse("ladders:level", args=["product-management", "senior-pm"])
    response = client.get(url, {"compare": "director"}, headers={"HX-Request": "true"})
    body = response.content.decode().strip()
    assert body.startswith('<div id="comparison"') and "<html" not in body


def test_an_unknown_compare_choice_is_a_form_message_not_an_error(client, pm, default_ladder):
    url = reverse("ladders:level", args=["product-management", "senior-pm"])
    response = client.get(url, {"compare": "nope"})
    assert response.status_code == 200
    assert "Choose levels from the list." in response.content.decode()


def test_unknown_ladders_and_levels_are_404(client, pm, default_ladder):
    assert client.get(reverse("ladders:ladder", args=["nope"])).status_code == 404
    assert client.get(reverse("ladders:level", args=["product-management", "x"])).status_code == 404


@pytest.mark.parametrize("size", [8, 40])
def test_ladder_and_level_pages_run_a_constant_number_of_queries(
    client, pm, django_assert_num_queries, size
):
    ladder = forked_ladder(size, competencies=6)
    pages = [
        reverse("ladders:ladder", args=[ladder.slug]),
        reverse("ladders:level", args=[ladder.slug, "shared-2"]) + "?compare=ic-1&also=people-1",
    ]
    # User (with the menu's "has reports"), the ladder with its latest recorded version (none
    # here, so nothing is cached), then to_spec: tracks, levels, next levels, competencies,
    # expectations; the session comes from the cache. Nothing grows with the number of levels.
    for url in pages:
        with django_assert_num_queries(7):
            assert client.get(url).status_code == 200
    assert Ladder.objects.get(pk=ladder.pk).levels.count() == size


# ---- the published ladder, computed once per version ---------------------------------------


def test_the_ladder_is_read_from_its_tables_once_per_published_version(client, pm, default_ladder):
    url = reverse("ladders:ladder", args=["product-management"])
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as again:
        assert client.get(url).status_code == 200
    # The five queries of the ladder's tables are left out the second time.
    assert len(again) == len(first) - 5


def test_a_newly_published_version_shows_at_once(client, pm, default_ladder, draft):
    url = reverse("ladders:ladder", args=["product-management"])
    assert "Senior PM, renamed" not in client.get(url).content.decode()
    draft.levels.filter(key="senior-pm").update(title="Senior PM, renamed")
    publish_draft(draft, note="A shorter title.")
    assert "Senior PM, renamed" in client.get(url).content.decode()
    level_url = reverse("ladders:level", args=["product-management", "senior-pm"])
    assert "Senior PM, renamed" in client.get(level_url).content.decode()
