"""The manager's team as CSV: shared results only, safe to open in a spreadsheet, logged."""

from __future__ import annotations

import csv
import io

from assessments.models import AccessEvent
from careers.models import User
from tests.careers.team_support import take_quiz


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_a_name_like_a_formula_comes_out_as_text(client, org):
    pm, pm2 = org["pm"], org["pm2"]
    User.objects.filter(pk=pm.pk).update(first_name="=SUM(1+1)", last_name="")
    take_quiz(pm, "people", share=True)
    take_quiz(pm2, "builder")  # not shared: not in the export
    client.force_login(org["manager"])
    response = client.get("/team/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="careerpath-team-' in response["Content-Disposition"]
    rows = rows_of(response)
    assert rows[0][:4] == ["name", "username", "level", "latest shared outcome"]
    assert [row[0] for row in rows[1:]] == ["'=SUM(1+1)"]
    assert rows[1][3] == "People leadership"
    assert all(cell.isdigit() for cell in rows[1][5:8])
    assert "pm2" not in response.content.decode()
    # The manager read pm's result through the export: pm's access log says so.
    event = AccessEvent.objects.about(pm).get(kind=AccessEvent.Kind.VIEWED_RESULT)
    assert event.actor == org["manager"] and "export" in event.detail


def test_someone_without_reports_gets_only_the_header(client, org):
    client.force_login(org["pm3"])
    assert len(rows_of(client.get("/team/export.csv"))) == 1
