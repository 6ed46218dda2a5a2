"""The manager's dashboard and a report's page: what shows, and what never does."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from assessments.models import Assessment
from assessments.services import start_or_resume
from careers.models import ManagerNote, User
from careers.reports import team_of
from ladders.models import Level
from tests.careers.team_support import result_of, take_quiz

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """The visible text of a page, whitespace collapsed, tags dropped."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def row_of(page_text: str, name: str) -> str:
    """The dashboard table's row of one person: from their name, a row's worth of text."""
    table = page_text[page_text.index("Latest shared result Your view") :]
    start = table.index(name)
    return table[start : start + 120]


def test_the_answer_patterns_score_as_intended(org):
    outcomes = {
        lean: result_of(take_quiz(org[name], lean)).outcome
        for lean, name in [("builder", "pm"), ("people", "pm2"), ("hybrid", "pm3")]
    }
    assert outcomes == {"builder": "builder", "people": "people_leader", "hybrid": "hybrid"}


# ---- statuses -------------------------------------------------------------------------


def test_each_report_gets_exactly_one_plain_status(org):
    manager = org["manager"]
    carol = User.objects.create_user("carol", first_name="Carol", manager=manager)
    dan = User.objects.create_user("dan", first_name="Dan", manager=manager)
    take_quiz(org["pm"], "people", share=True)
    take_quiz(org["pm2"], "builder")  # finished, kept private
    take_quiz(carol, "builder", finish=False)  # started
    statuses = {m.person.username: m.status for m in team_of(manager)}
    assert statuses == {
        "pm": "shared",
        "pm2": "not_shared",
        "carol": "in_progress",
        "dan": "not_started",
    }
    assert dan.pk  # a report with nothing at all is still listed


def test_the_latest_shared_result_wins_over_a_newer_private_one(org):
    pm = org["pm"]
    shared = take_quiz(pm, "people", share=True)
    take_quiz(pm, "builder")  # a retake kept private
    take_quiz(pm, "builder", finish=False)  # and a third one under way
    [member] = team_of(org["manager"], username="pm")
    assert member.status == "shared"
    assert member.result.assessment_id == shared.pk
    assert member.result.outcome == "people_leader"


def test_withdrawing_consent_turns_the_row_back_to_not_shared(org):
    assessment = take_quiz(org["pm"], "people", share=True)
    Assessment.objects.filter(pk=assessment.pk).update(shared_with_manager=False)
    [member] = team_of(org["manager"], username="pm")
    assert (member.status, member.result, member.alerts) == ("not_shared", None, [])


def test_a_managers_own_view_never_counts_as_the_reports_status(org):
    take_quiz(org["pm"], "builder", respondent=org["manager"])
    [member] = team_of(org["manager"], username="pm")
    assert member.status == "not_started"
    assert member.view_status == "submitted"


# ---- the dashboard page ----------------------------------------------------------------


def test_the_dashboard_shows_the_shared_result_with_level_and_date(client, org):
    take_quiz(org["pm"], "people", share=True)
    client.force_login(org["manager"])
    page = text_of(client.get("/team/"))
    row = row_of(page, "Pat Product (demo)")
    assert "Senior Product Manager" in row
    assert "People leadership · clear" in row
    assert re.search(r"from \d{1,2} \w{3} \d{4}", row)


def test_not_shared_says_that_and_nothing_more(client, org):
    private = take_quiz(org["pm2"], "people")
    client.force_login(org["manager"])
    response = client.get("/team/")
    html = response.content.decode()
    page = text_of(response)
    row = row_of(page, "Sam Sample (demo)")
    assert "Not shared" in row
    for leak in ("People leadership", "Building products", "clear", "leaning", "confidence"):
        assert leak not in page, leak
    assert str(private.pk) not in html
    assert not re.search(r"from \d{1,2} \w{3} \d{4}", page)
    # The report page says the same word and the same sentence as for anyone without one.
    member = text_of(client.get("/team/pm2/"))
    assert "Not shared" in member and "has not shared a result with you" in member
    for leak in ("People leadership", "Building products", "confidence", str(private.pk)):
        assert leak not in member


def test_the_not_shared_sentence_is_the_same_whatever_lies_behind_it(client, org):
    """ "Not started" and "not shared" pages differ only in the status word and the name."""
    take_quiz(org["pm2"], "people")
    client.force_login(org["manager"])

    def neutral(page: str, status: str, full: str, first: str, level: str) -> str:
        page = page.replace(status, "STATUS").replace(full, "NAME").replace(level, "LEVEL")
        return re.sub(rf"\b{first}\b", "NAME", page)

    sam = neutral(
        text_of(client.get("/team/pm2/")),
        "Not shared",
        "Sam Sample (demo)",
        "Sam",
        "Product Manager",
    )
    pat = neutral(
        text_of(client.get("/team/pm/")),
        "Not started",
        "Pat Product (demo)",
        "Pat",
        "Senior Product Manager",
    )
    assert sam == pat


def test_the_team_map_places_every_shared_result_with_a_table(client, org):
    take_quiz(org["pm"], "people", share=True)
    take_quiz(org["pm2"], "builder", share=True)
    client.force_login(org["manager"])
    response = client.get("/team/")
    html = response.content.decode()
    svg = html[
        html.index('<svg class="map team-map__svg') : html.index(
            "</svg>", html.index("team-map__svg")
        )
    ]
    assert svg.count('class="map__point') == 2
    assert ">Pat<" in svg and ">Sam<" in svg
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    table = text_of(response)[text_of(response).index("The map as a table") :]
    assert re.search(r"Pat \d+ \d+ People leadership", table)
    assert re.search(r"Sam \d+ \d+ Building products", table)


def map_of(response) -> str:
    html = response.content.decode()
    start = html.index('<svg class="map team-map__svg')
    return html[start : html.index("</svg>", start)]


def test_the_team_map_drops_a_withdrawn_result_at_once_and_shows_a_changed_name(client, org):
    shared = take_quiz(org["pm"], "people", share=True)
    take_quiz(org["pm2"], "builder", share=True)
    client.force_login(org["manager"])
    assert ">Pat<" in map_of(client.get("/team/"))  # drawn once, kept for the same team
    shared.set_sharing(result=False, answers=False, by=org["pm"])
    svg = map_of(client.get("/team/"))
    assert ">Pat<" not in svg and svg.count('class="map__point') == 1
    User.objects.filter(pk=org["pm2"].pk).update(first_name="Samira")
    assert ">Samira<" in map_of(client.get("/team/"))


def test_alerts_appear_with_why_they_fired(client, org):
    director = Level.objects.get(key="director")
    User.objects.filter(pk=org["pm2"].pk).update(level=director)
    take_quiz(org["pm"], "people_title", share=True)  # senior PM, shared track
    take_quiz(org["pm2"], "builder", share=True)  # a director who would rather build
    client.force_login(org["manager"])
    page = text_of(client.get("/team/"))
    alerts = page[page.index("Worth a conversation") : page.index("Your direct reports, their")]
    assert "before they look elsewhere" in alerts
    assert "happier building; consider the IC route" in alerts.replace(". Consider", "; consider")
    assert "to the work, not the title" in alerts
    assert alerts.count("Why this appeared:") == 3
    assert re.search(r"people leadership at \d+ of 100", alerts)
    assert re.search(r"building at \d+ of 100", alerts)
    assert re.search(r"title and status scored \d+ of 100", alerts)


def test_no_alerts_for_people_where_they_want_to_be(client, org):
    take_quiz(org["pm2"], "builder", share=True)  # a PM who builds: fine
    client.force_login(org["manager"])
    assert "Worth a conversation" not in text_of(client.get("/team/"))


def test_empty_states(client, org):
    client.force_login(org["pm3"])  # manages nobody
    page = text_of(client.get("/team/"))
    assert "No one reports to you on CareerPath yet" in page
    assert "Team map" not in page
    client.force_login(org["manager"])  # two reports, nothing shared
    page = text_of(client.get("/team/"))
    assert "Nothing shared with you yet" in page
    assert "The map fills in as people share results" in page


@pytest.mark.parametrize("team_size", [1, 25])
def test_the_dashboard_runs_a_constant_number_of_queries(
    client, org, team_size, django_assert_num_queries
):
    boss = User.objects.create_user("boss", first_name="Boss")
    level = Level.objects.get(key="senior-pm")
    for n in range(team_size):
        person = User.objects.create_user(f"r{n}", first_name=f"R{n}", manager=boss, level=level)
        lean = ("people", "builder", "hybrid")[n % 3]
        if n % 4 == 3:
            take_quiz(person, lean, finish=False)
        else:
            take_quiz(person, lean, share=n % 2 == 0)
        if n % 5 == 0:
            start_or_resume(boss, person, "pm-motivators-observer")
    client.force_login(boss)
    # user (with the "My team" link), the reports with the statuses of their questionnaires
    # and of the manager's views, their shared results (the session comes from the cache)
    with django_assert_num_queries(3):
        response = client.get("/team/")
    assert response.status_code == 200
    assert text_of(response).count("R0") >= 1


# ---- a report's page ---------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 4])
def test_a_reports_page_runs_a_constant_number_of_queries(
    client, org, size, django_assert_num_queries
):
    """However many results they shared, views the manager gave and teammates they have."""
    boss = User.objects.create_user("boss", first_name="Boss")
    level = Level.objects.get(key="senior-pm")
    for n in range(size * 3):
        User.objects.create_user(f"r{n}", first_name=f"R{n}", manager=boss, level=level)
    shares = User.objects.create_user("ada", first_name="Ada", manager=boss, level=level)
    keeps = User.objects.create_user("bo", first_name="Bo", manager=boss, level=level)
    for n in range(size):
        take_quiz(shares, ("people", "builder")[n % 2], share=True)
        take_quiz(keeps, "people")
        take_quiz(shares, "builder", respondent=boss)
    start_or_resume(boss, shares, "pm-motivators-observer")
    client.force_login(boss)
    # user (with the nav's "My team"), the person with the statuses of their questionnaires,
    # their shared results, the manager's views of them and how far the unfinished one got,
    # the note, the access log line (the session comes from the cache)
    with django_assert_num_queries(7):
        page = text_of(client.get("/team/ada/"))
    assert "Continue your view" in page and "Scores per motivator" in page  # the comparison
    # nothing shared: no log line (how far their own questionnaire got came with the person)
    with django_assert_num_queries(5):
        page = text_of(client.get("/team/bo/"))
    assert "Bo has not shared a result with you" in page and "Not shared" in page


def test_the_report_page_shows_the_shared_result_and_its_history(client, org):
    pm = org["pm"]
    first = take_quiz(pm, "builder", share=True)
    take_quiz(pm, "hybrid")  # private: not in the history
    second = take_quiz(pm, "people", share=True)
    client.force_login(org["manager"])
    response = client.get("/team/pm/")
    page = text_of(response)
    assert "Pat's answers lean clearly toward people leadership" in page
    assert "Shared results over time" in page
    html = response.content.decode()
    assert reverse("team_result", args=["pm", first.pk]) in html
    assert reverse("team_result", args=["pm", second.pk]) in html
    assert html.count("/team/pm/results/") == 3  # latest twice (button and history), first once


def test_the_manager_starts_their_view_in_the_quiz_pages(client, org):
    client.force_login(org["manager"])
    response = client.post("/team/pm/view/")
    view = Assessment.objects.get(respondent=org["manager"], subject=org["pm"])
    assert view.questionnaire.slug == "pm-motivators-observer"
    assert response["Location"] == f"/quiz/{view.pk}/"
    assert client.post("/team/pm/view/")["Location"] == f"/quiz/{view.pk}/"  # resumed
    assert "Continue your view" in text_of(client.get("/team/pm/"))


def test_the_comparison_lines_up_self_and_manager_and_raises_big_gaps(client, org):
    take_quiz(org["pm"], "people", share=True)
    take_quiz(org["pm"], "builder", respondent=org["manager"])
    client.force_login(org["manager"])
    page = text_of(client.get("/team/pm/"))
    section = page[page.index("Where you see Pat differently") :]
    assert "Talk about" in section
    assert re.search(
        r"You rated building products at \d+; Pat rated it \d+, \d+ points lower", section
    )
    for name in ("Building products", "Craft mastery", "Developing people", "Pull of the title"):
        assert name in section


def test_no_comparison_without_a_shared_self_result(client, org):
    take_quiz(org["pm2"], "people")  # private
    take_quiz(org["pm2"], "builder", respondent=org["manager"])
    client.force_login(org["manager"])
    page = text_of(client.get("/team/pm2/"))
    assert "Talk about" not in page
    assert "The comparison appears here if Sam shares a result with you" in page


# ---- the private note ----------------------------------------------------------------


def test_a_note_is_saved_and_shown_escaped(client, org):
    client.force_login(org["manager"])
    script = '<script>alert("hi")</script> & more'
    response = client.post("/team/pm/note/", {"text": script})
    assert response["Location"] == "/team/pm/#note"
    html = client.get("/team/pm/").content.decode()
    assert script not in html
    assert "&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt; &amp; more" in html
    note = ManagerNote.objects.get()
    assert (note.author, note.subject, note.text) == (org["manager"], org["pm"], script)


def test_the_note_saves_through_htmx_as_a_fragment(client, org):
    client.force_login(org["manager"])
    response = client.post("/team/pm/note/", {"text": "First"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section class="card note-card" id="note"')
    assert "Saved." in html and "<html" not in html
    client.post("/team/pm/note/", {"text": "Second"}, headers={"HX-Request": "true"})
    assert ManagerNote.objects.get().text == "Second"  # one note per manager and report


def test_a_too_long_note_is_refused_with_its_error_and_nothing_saved(client, org):
    client.force_login(org["manager"])
    response = client.post("/team/pm/note/", {"text": "x" * 5001})
    assert response.status_code == 400
    assert "at most 5000 characters" in response.content.decode()
    response = client.post("/team/pm/note/", {"text": "x" * 5001}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "at most 5000" in response.content.decode()
    assert not ManagerNote.objects.exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_an_empty_note_deletes_nothing_until_the_manager_says_so(client, org, htmx):
    ManagerNote.objects.create(author=org["manager"], subject=org["pm"], text="Keep me")
    client.force_login(org["manager"])
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post("/team/pm/note/", {"text": "  "}, headers=headers)
    assert response.status_code == (200 if htmx else 400)
    html = response.content.decode()
    assert "An empty note would delete the one you wrote" in html
    assert "Keep me" in html and 'name="delete" value="yes"' in html
    assert ManagerNote.objects.get().text == "Keep me"

    response = client.post("/team/pm/note/", {"text": "", "delete": "yes"}, headers=headers)
    assert not ManagerNote.objects.exists()
    if htmx:
        assert "Note deleted." in response.content.decode()
    else:
        assert response["Location"] == "/team/pm/#note"


def test_a_note_is_private_to_its_author(client, org):
    ManagerNote.objects.create(author=org["manager"], subject=org["pm"], text="Only mine")
    for username in ("pm", "pm2", "admin"):
        client.force_login(org[username])
        for path in ("/", "/team/", "/results/", "/team/pm/"):
            assert "Only mine" not in client.get(path).content.decode()
