"""The people file: its rules without the database, then the import and export commands
and the admin's import with its preview, which must all agree."""

from __future__ import annotations

import io
import time
from html import unescape

import openpyxl
import pytest
from django.contrib.auth.hashers import is_password_usable
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import ManagementUtility
from django.db import connections
from hypothesis import given
from hypothesis import strategies as st

from careers.models import User
from careers.roster import (
    COLUMNS,
    MAX_ROWS,
    Directory,
    OnRecord,
    PersonRow,
    check_rows,
    closes_loop,
    parse_csv,
    read_table,
    reporting_loops,
)
from core.interchange import SpecError

HEADER = ",".join(COLUMNS)
LEVELS = frozenset({"pm", "senior-pm", "director"})
NOBODY = Directory(people={}, level_keys=LEVELS)


def rows_of(text: str) -> list[PersonRow]:
    return read_table(parse_csv(text))


def problems_of(text: str, directory: Directory = NOBODY) -> list[str]:
    return check_rows(rows_of(text), directory)


def shape_problems(text: str) -> list[str]:
    with pytest.raises(SpecError) as caught:
        rows_of(text)
    return caught.value.messages


# ---- the rules, without the database ------------------------------------------------------


def test_a_good_file_has_no_problems_and_managers_may_come_later_in_it():
    text = (
        f"{HEADER}\n"
        "pat,pat@example.com,Pat,Product,morgan,senior-pm\n"
        "morgan,morgan@example.com,Morgan,Manager,,director\n"
        "\n"  # blank lines are skipped
        "sam,,Sam,Sample,morgan,\n"
    )
    assert problems_of(text) == []
    assert [row.number for row in rows_of(text)] == [2, 3, 5]


def test_columns_may_come_in_any_order_and_cells_are_trimmed():
    [row] = rows_of("level,manager,last_name,first_name,email,username\npm, , P , Pat ,,pat\n")
    assert row.values() == ("pat", "", "Pat", "P", "", "pm")


@pytest.mark.parametrize(
    ("header", "says"),
    [
        ("username,email,first_name,last_name,manager", "missing level"),
        (f"{HEADER},salary", "unknown salary"),
        (f"{HEADER},email", "repeated email"),
        ("", "missing username"),
    ],
)
def test_the_header_must_name_exactly_the_columns(header, says):
    [problem] = shape_problems(f"{header}\npat,,,,,\n")
    assert problem.startswith("row 1: the header must be username,email,")
    assert says in problem


def test_a_row_with_too_few_or_too_many_values_is_named():
    assert shape_problems(f"{HEADER}\npat,,,,,\nsam,,,\nlee,,,,,,,\n") == [
        "row 3: expected 6 values, found 4",
        "row 4: expected 6 values, found 8",
    ]


def test_every_value_is_bounded():
    [problem] = shape_problems(f"{HEADER}\npat,,{'P' * 151},,,\n")
    assert problem == "row 2: first_name is 151 characters; at most 150"


def test_too_many_rows_are_refused_before_any_row_is_read():
    table = [list(COLUMNS), *([["x", "", "", "", "", ""]] * (MAX_ROWS + 1))]
    with pytest.raises(SpecError, match="the limit is 50,000"):
        read_table(table)


def test_a_file_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr("careers.roster.MAX_FILE_BYTES", 100)
    with pytest.raises(SpecError, match="larger than the limit"):
        parse_csv(f"{HEADER}\n" + "pat,,,,,\n" * 20)


def test_every_bad_value_is_named_with_its_row():
    directory = Directory(people={"lee": OnRecord("lee", "lee@example.com", "")}, level_keys=LEVELS)
    text = (
        f"{HEADER}\n"
        "pat,pat@example.com,,,nobody,senior-pm\n"  # 2: unknown manager
        "sam,not-an-email,,,,vp\n"  # 3: bad email, unknown level
        "pat,other@example.com,,,,\n"  # 4: username again
        "kim,PAT@example.com,,,,\n"  # 5: email again, whatever its case
        "jo,lee@example.com,,,,\n"  # 6: email of someone on record not in the file
        "bad name,,,,,\n"  # 7: not a username
        "solo,,,,solo,\n"  # 8: their own manager
    )
    assert problems_of(text, directory) == [
        'row 2: manager "nobody" is neither in the file nor on record',
        'row 3: email "not-an-email" is not an email address',
        'row 3: level "vp" is not a level of the default ladder',
        'row 4: username "pat" is also on row 2',
        'row 5: email "PAT@example.com" is also on row 2',
        'row 6: email "lee@example.com" belongs to lee, who is not in the file',
        'row 7: username "bad name" may hold only letters, digits and @.+-_',
        "row 8: a person cannot be their own manager",
    ]


def test_an_email_moves_freely_between_people_in_the_file():
    directory = Directory(
        people={"lee": OnRecord("lee", "shared@example.com", "")}, level_keys=LEVELS
    )
    assert problems_of(f"{HEADER}\nlee,,,,,\nkim,shared@example.com,,,,\n", directory) == []


def test_the_last_row_that_closes_a_loop_is_named():
    text = f"{HEADER}\na,,,,b,\nb,,,,c,\nc,,,,,\nd,,,,,\nc,,,,a,\n"
    # c appears twice (row 6), so drop row 4 to keep one problem
    text = text.replace("c,,,,,\n", "")
    assert problems_of(text) == ["row 5: the reporting line would loop (c → a → b → c)"]


def test_a_loop_through_someone_on_record_is_refused():
    directory = Directory(
        people={"boss": OnRecord("boss", "", "pat")}, level_keys=LEVELS
    )  # boss reports to pat today
    assert problems_of(f"{HEADER}\npat,,,,boss,\n", directory) == [
        "row 2: the reporting line would loop (pat → boss → pat)"
    ]


def test_closes_loop_is_the_rule_of_one_new_line():
    managers = {"pat": "boss", "boss": "vp", "vp": None}
    assert closes_loop("vp", "pat", managers.get)
    assert not closes_loop("pat", "vp", managers.get)
    assert not closes_loop("newcomer", "pat", managers.get)


@given(st.dictionaries(st.integers(0, 12), st.integers(0, 12), max_size=13))
def test_reporting_loops_finds_exactly_the_people_on_a_loop(graph):
    def manager_of(person: int) -> int | None:
        return graph.get(person)

    def on_loop(person: int) -> bool:  # brute force: walk up at most n steps
        step = manager_of(person)
        for _ in range(len(graph) + 1):
            if step is None:
                return False
            if step == person:
                return True
            step = manager_of(step)
        return False

    loops = reporting_loops(sorted(graph), manager_of)
    found = [person for loop in loops for person in loop]
    assert len(found) == len(set(found))  # each loop once
    assert set(found) == {person for person in graph if on_loop(person)}
    for loop in loops:
        assert all(manager_of(a) == b for a, b in zip(loop, loop[1:] + loop[:1], strict=True))


# ---- the commands ------------------------------------------------------------------------


def people_table() -> list[dict]:
    """Every column of every person, in order: the table byte for byte, as far as it matters."""
    return list(User.objects.order_by("pk").values())


def write(tmp_path, text: str, name: str = "people.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def keep_the_test_database_open(monkeypatch):
    # manage.py closes every connection when a command ends; the test database must stay.
    monkeypatch.setattr(connections, "close_all", lambda: None)


def run(*argv: str, capsys) -> tuple[int, str, str]:
    """Run a command as manage.py would: its exit status, standard output and error."""
    try:
        ManagementUtility(["manage.py", *argv]).execute()
        status = 0
    except SystemExit as exc:
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


GOOD = (
    f"{HEADER}\n"
    "ana,ana@example.com,Ana,Lead,,director\n"
    "ben,ben@example.com,Ben,Builder,ana,senior-pm\n"
    "cy,,Cy,Newcomer,ben,pm\n"
)


@pytest.fixture
def people(db):
    from tests.assessments.quiz_support import load_defaults

    load_defaults()


def test_import_creates_people_with_lines_levels_and_no_usable_password(people, tmp_path, capsys):
    status, out, err = run("import_people", str(write(tmp_path, GOOD)), capsys=capsys)
    assert (status, err) == (0, "")
    assert "3 created, 0 updated, 0 unchanged, 0 deactivated" in out
    ben = User.objects.select_related("manager", "level").get(username="ben")
    assert (ben.manager.username, ben.level.key, ben.email) == ("ana", "senior-pm", ben.email)
    assert User.objects.get(username="cy").manager == ben
    assert not any(is_password_usable(user.password) for user in User.objects.all())


def test_a_file_whose_last_row_closes_a_loop_changes_nothing(people, tmp_path, capsys):
    run("import_people", str(write(tmp_path, GOOD)), capsys=capsys)
    before = people_table()
    looping = (
        f"{HEADER}\n"
        "ben,ben@example.com,Ben,Renamed,ana,senior-pm\n"
        "cy,,Cy,Newcomer,ben,pm\n"
        "dee,dee@example.com,Dee,New,,\n"
        "ana,ana@example.com,Ana,Lead,cy,director\n"  # the last row closes the loop
    )
    status, out, err = run("import_people", str(write(tmp_path, looping)), capsys=capsys)
    assert status == 2
    assert "nothing was changed" in err
    assert "row 5: the reporting line would loop (ana → cy → ben → ana)" in err
    assert out == ""
    assert people_table() == before


def test_a_dry_run_reports_and_changes_nothing(people, tmp_path, capsys):
    before = people_table()
    status, out, _ = run("import_people", str(write(tmp_path, GOOD)), "--dry-run", capsys=capsys)
    assert status == 0
    assert "Dry run, nothing was changed" in out and "3 created" in out
    assert people_table() == before


def test_reimporting_updates_in_place_and_counts_the_unchanged(people, tmp_path, capsys):
    run("import_people", str(write(tmp_path, GOOD)), capsys=capsys)
    ids = dict(User.objects.values_list("username", "pk"))
    changed = GOOD.replace("cy,,Cy,Newcomer,ben,pm", "cy,cy@example.com,Cy,Newcomer,ana,pm")
    _, out, _ = run("import_people", str(write(tmp_path, changed)), capsys=capsys)
    assert "0 created, 1 updated, 2 unchanged, 0 deactivated" in out
    assert dict(User.objects.values_list("username", "pk")) == ids
    assert User.objects.get(username="cy").manager.username == "ana"


def test_deactivate_missing_deactivates_but_never_deletes_nor_touches_superusers(
    people, tmp_path, capsys
):
    User.objects.create_superuser("root", "root@example.com", "x")
    User.objects.create_user("gone", "gone@example.com")
    run("import_people", str(write(tmp_path, GOOD)), capsys=capsys)
    shorter = "\n".join(GOOD.splitlines()[:3]) + "\n"  # cy has left
    _, out, _ = run(
        "import_people", str(write(tmp_path, shorter)), "--deactivate-missing", capsys=capsys
    )
    assert "0 created, 0 updated, 2 unchanged, 2 deactivated" in out
    active = dict(User.objects.values_list("username", "is_active"))
    assert active == {"ana": True, "ben": True, "cy": False, "gone": False, "root": True}
    # Back in the file: active again.
    _, out, _ = run("import_people", str(write(tmp_path, GOOD)), capsys=capsys)
    assert "1 updated, 2 unchanged" in out
    assert User.objects.get(username="cy").is_active


def test_export_gives_the_same_columns_back(people, tmp_path, capsys):
    run("import_people", str(write(tmp_path, GOOD)), capsys=capsys)
    _, exported, _ = run("export_people", capsys=capsys)
    assert exported == GOOD  # the file was already in username order
    status, out, _ = run("import_people", str(write(tmp_path, exported)), capsys=capsys)
    assert "0 created, 0 updated, 3 unchanged" in out
    assert run("export_people", capsys=capsys)[1] == exported


def test_a_bad_header_exits_2_and_names_row_1(people, tmp_path, capsys):
    status, _, err = run(
        "import_people", str(write(tmp_path, "name,email\npat,p@example.com\n")), capsys=capsys
    )
    assert status == 2
    assert "row 1: the header must be username,email,first_name,last_name,manager,level" in err


def test_ten_thousand_people_import_and_a_second_run_changes_nothing(people, tmp_path, capsys):
    """Prints how long 10,000 rows take (the figure is recorded, not asserted)."""
    lines = [HEADER, "p0,p0@example.com,First0,Last0,,director"]
    lines += [
        f"p{n},p{n}@example.com,First{n},Last{n},p{(n - 1) // 8},{'pm' if n % 3 else 'senior-pm'}"
        for n in range(1, 10_000)
    ]
    path = write(tmp_path, "\n".join(lines) + "\n")
    started = time.perf_counter()
    _, first, _ = run("import_people", str(path), capsys=capsys)
    took = time.perf_counter() - started
    started = time.perf_counter()
    _, second, _ = run("import_people", str(path), capsys=capsys)
    again = time.perf_counter() - started
    assert "10000 created, 0 updated, 0 unchanged" in first
    assert "0 created, 0 updated, 10000 unchanged, 0 deactivated" in second
    assert User.objects.filter(manager__username="p0").count() == 8
    with capsys.disabled():
        print(f"\n10,000 people: first import {took:.1f} s, second (unchanged) {again:.1f} s")


# ---- the admin ---------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, people):
    client.force_login(User.objects.create_superuser("root", "root@example.com", "x"))
    return client


def upload(admin_client, content: bytes, name: str, fmt: int):
    return admin_client.post(
        "/admin/careers/user/import/",
        {
            "resource": "0",
            "format": str(fmt),
            "import_file": SimpleUploadedFile(name, content),
        },
    )


CSV_FORMAT, XLSX_FORMAT = 0, 1


def test_the_admin_previews_an_import_then_applies_it(admin_client):
    response = upload(admin_client, GOOD.encode(), "people.csv", CSV_FORMAT)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Confirm import" in html
    assert html.count('<tr class="new">') == 3
    assert not User.objects.filter(username="ana").exists()  # only a preview so far

    confirm = response.context["confirm_form"]
    done = admin_client.post(
        "/admin/careers/user/process_import/",
        {name: confirm[name].value() for name in confirm.fields},
        follow=True,
    )
    assert done.status_code == 200
    assert "Import finished: 3 new, 0 updated" in done.content.decode()
    assert User.objects.get(username="ben").manager.username == "ana"


def test_the_admin_preview_of_a_bad_file_shows_the_same_problems_and_no_confirm(admin_client):
    before = people_table()
    bad = GOOD + "ana,,,,cy,\n"
    html = unescape(upload(admin_client, bad.encode(), "people.csv", CSV_FORMAT).content.decode())
    assert "Confirm import" not in html
    assert "Some rows failed to validate" in html
    assert 'username "ana" is also on row 2' in html
    assert people_table() == before


def test_the_admin_shows_updates_and_unchanged_rows(admin_client, tmp_path, capsys):
    run("import_people", str(write(tmp_path, GOOD)), capsys=capsys)
    changed = GOOD.replace("Ben,Builder", "Ben,Baker")
    html = upload(admin_client, changed.encode(), "people.csv", CSV_FORMAT).content.decode()
    assert html.count('<tr class="update">') == 1 and html.count('<tr class="skip">') == 2
    assert "Builder → Baker" in html


def test_the_admin_reads_a_spreadsheet(admin_client):
    book = openpyxl.Workbook()
    sheet = book.active
    for line in GOOD.splitlines():
        sheet.append([cell or None for cell in line.split(",")])
    data = io.BytesIO()
    book.save(data)
    html = upload(admin_client, data.getvalue(), "people.xlsx", XLSX_FORMAT).content.decode()
    assert html.count('<tr class="new">') == 3


def test_the_admin_exports_the_people_file(admin_client, tmp_path, capsys):
    run("import_people", str(write(tmp_path, GOOD)), capsys=capsys)
    response = admin_client.post(
        "/admin/careers/user/export/", {"resource": "0", "format": str(CSV_FORMAT)}
    )
    assert response.status_code == 200
    exported = response.content.decode().replace("\r\n", "\n")
    assert exported.splitlines()[0] == HEADER
    assert "ben,ben@example.com,Ben,Builder,ana,senior-pm" in exported


@pytest.mark.parametrize(
    ("codenames", "can_import", "can_export"),
    [
        ((), False, False),
        (("view_user",), False, True),
        (("change_user",), False, True),
        (("add_user", "change_user"), True, True),
    ],
)
def test_importing_people_needs_the_right_to_add_and_change_them(
    client, people, codenames, can_import, can_export
):
    staff = User.objects.create_user("staff", is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(staff)
    assert (client.get("/admin/careers/user/import/").status_code == 200) is can_import
    assert (client.get("/admin/careers/user/export/").status_code == 200) is can_export
    denied = upload(client, GOOD.encode(), "people.csv", CSV_FORMAT)
    assert (denied.status_code == 200) is can_import
    if not can_import:
        assert not User.objects.filter(username="ana").exists()
