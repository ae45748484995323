"""`vuosikello demo`: the real CLI loads the demo network into a fresh SQLite file, and the
served API shows what a coordinator opening the demo should see.

The demo gets its own database and server process rather than the suite's test database, so
`--if-empty` can be checked against a database that really has only the demo in it.
"""

import json
import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support import VUOSIKELLO, live_server

pytestmark = pytest.mark.system

YEAR_2026 = {"from": "2026-01-01", "to": "2027-01-01"}


@dataclass
class Demo:
    workdir: Path
    network_id: str
    credentials: dict[str, str]
    saved_credentials: str  # the credentials file right after the first load
    second_run: subprocess.CompletedProcess[str]  # `demo --if-empty` on the loaded database
    api: httpx.Client  # logged in as the demo admin


def cli(workdir: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    # cwd is a temporary directory: the credentials file must not land in the repository, and
    # migrations must be found from the package, not from the working directory.
    return subprocess.run(
        [str(VUOSIKELLO), *args],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,  # a process start costs seconds, many on a loaded machine
        check=False,
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    workdir = tmp_path_factory.mktemp("demo")
    env = {**os.environ, "VUOSIKELLO_DATABASE_URL": f"sqlite+aiosqlite:///{workdir}/demo.db"}
    migrated = cli(workdir, env, "migrate")
    assert migrated.returncode == 0, migrated.stderr
    loaded = cli(workdir, env, "demo")
    assert loaded.returncode == 0, loaded.stderr
    match = re.search(r"demo network loaded: (\S+)", loaded.stdout)
    assert match, loaded.stdout
    credentials = json.loads(loaded.stdout[loaded.stdout.index("{") :])
    saved = (workdir / ".vuosikello-demo-credentials.json").read_text()

    log_path = workdir / "serve.log"
    # The second, skipped load runs while the server boots: it only reads, and each process
    # start costs seconds.
    again_process = subprocess.Popen(
        [str(VUOSIKELLO), "demo", "--if-empty"],
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with live_server(log_path, env, cwd=workdir) as base_url:
        stdout, stderr = again_process.communicate(timeout=180)
        again = subprocess.CompletedProcess(
            again_process.args, again_process.returncode, stdout, stderr
        )
        with httpx.Client(base_url=base_url, timeout=10) as api:
            token = api.post(
                "/v1/auth/token",
                data={"grant_type": "client_credentials", **credentials},
            )
            assert token.status_code == 200, token.text
            api.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
            yield Demo(workdir, match.group(1), credentials, saved, again, api)


def get_all(api: httpx.Client, url: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a paginated list."""
    items: list[dict[str, Any]] = []
    params = {"limit": 500, **params}
    while True:
        response = api.get(url, params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        items += page["data"]
        if not page["next_cursor"]:
            return items
        params["cursor"] = page["next_cursor"]


def test_demo_prints_and_saves_an_admin_credential(demo: Demo) -> None:
    assert set(demo.credentials) == {"client_id", "client_secret"}
    saved = demo.workdir / ".vuosikello-demo-credentials.json"
    assert json.loads(saved.read_text()) == demo.credentials
    assert saved.stat().st_mode & 0o777 == 0o600


def test_demo_network_has_its_partners(demo: Demo) -> None:
    networks = get_all(demo.api, "/v1/networks")
    assert [n["id"] for n in networks] == [demo.network_id]
    assert networks[0]["name"] == (
        "Pohjois-Pohjanmaan lasten, nuorten ja perheiden hyvinvointiverkosto"
    )

    partners = get_all(demo.api, "/v1/partners", network_id=demo.network_id)
    by_name = {p["name"]: p for p in partners}
    oulu = by_name["Oulun kaupunki"]
    assert (oulu["kind"], oulu["municipality_code"], oulu["business_id"]) == (
        "municipality",
        "564",
        "0187690-1",
    )
    codes = {p["municipality_code"] for p in partners if p["kind"] == "municipality"}
    assert {"564", "678", "305", "626", "977", "535", "244"} <= codes
    assert {p["kind"] for p in partners} >= {
        "municipality",
        "wellbeing_county",
        "regional_council",
        "state_agency",
        "ngo",
        "parish",
        "university",
    }

    people = get_all(demo.api, "/v1/people", network_id=demo.network_id)
    assert len(people) >= 10
    assert all(p["email"].endswith("@example.fi") for p in people)


def test_lape_steering_group_has_members_in_every_role(demo: Demo) -> None:
    groups = get_all(demo.api, "/v1/groups", network_id=demo.network_id, q="LAPE")
    assert len(groups) == 1
    lape = groups[0]
    assert (lape["name"], lape["kind"]) == ("LAPE-ohjausryhmä", "steering_group")
    assert (lape["term_start"], lape["term_end"]) == ("2025-06-01", "2029-05-31")

    members = get_all(demo.api, f"/v1/groups/{lape['id']}/members")
    assert {m["role"] for m in members} == {
        "chair",
        "vice_chair",
        "secretary",
        "member",
        "deputy",
        "expert",
    }
    chair_id = next(m["person_id"] for m in members if m["role"] == "chair")
    chair = demo.api.get(f"/v1/people/{chair_id}")
    assert chair.status_code == 200, chair.text
    assert chair.json()["title"] == "Palvelupäällikkö, perhepalvelut"


def test_timeline_shows_seminar_cancelled_and_moved_occurrences(demo: Demo) -> None:
    timeline = get_all(demo.api, "/v1/occurrences", network_id=demo.network_id, **YEAR_2026)

    seminar = [o for o in timeline if o["title"] == "Hyvinvoinnin tilannekuvaseminaari"]
    assert [o["start"] for o in seminar] == ["2026-10-06T09:00:00+03:00"]
    assert seminar[0]["category"] == "Seminaarit"

    lape = {o["recurrence_id"]: o for o in timeline if o["title"] == "LAPE-ohjausryhmän kokous"}
    # Monthly on the second Tuesday, with no meeting in July.
    assert len(lape) == 11
    assert not any(rid.startswith("2026-07") for rid in lape)
    cancelled = lape["2026-06-09T13:00:00"]
    assert (cancelled["status"], cancelled["overridden"]) == ("cancelled", False)
    moved = lape["2026-10-13T13:00:00"]
    assert moved["overridden"] is True
    assert moved["status"] == "confirmed"
    assert moved["start"] == "2026-10-20T13:00:00+03:00"

    forum = next(o for o in timeline if o["title"] == "Pohjois-Pohjanmaan hyvinvointifoorumi")
    assert (forum["all_day"], forum["start"], forum["end"]) == (True, "2026-03-18", "2026-03-20")

    council_term = [o for o in timeline if o["category"] == "Valtuustokausi"]
    assert [o["title"] for o in council_term] == ["Laaja hyvinvointikertomus valtuustolle"]


def test_exdate_removes_an_occurrence(demo: Demo) -> None:
    events = get_all(
        demo.api, "/v1/events", network_id=demo.network_id, q="Hyvinvointiyhteistyöryhmän"
    )
    assert len(events) == 1
    assert events[0]["exdates"] == ["2026-03-05T09:00:00"]
    occurrences = get_all(demo.api, f"/v1/events/{events[0]['id']}/occurrences", **YEAR_2026)
    assert [o["recurrence_id"] for o in occurrences] == [
        "2026-06-04T09:00:00",
        "2026-09-03T09:00:00",
        "2026-12-03T09:00:00",
    ]


def test_demo_follows_up_the_seed_plans_on_the_term_clock(demo: Demo) -> None:
    plans = {p["kind"]: p for p in get_all(demo.api, "/v1/plans", network_id=demo.network_id)}
    assert set(plans) == {"children_youth_welfare_plan", "welfare_agreement", "partnership_promise"}
    # Seed 003: the interim evaluation 8.5.2025, as the board read it.
    lnhs = plans["children_youth_welfare_plan"]
    assert lnhs["rollup"] == {
        "yes": 3, "partly": 6, "no": 1, "not_evaluated": 0, "share_realised": 0.5139
    }  # fmt: skip
    tree = demo.api.get(f"/v1/plans/{lnhs['id']}/goals").json()
    assert tree["goals"][0]["title"] == "Yhteensovittava johtaminen"
    assert len(tree["goals"]) == 6
    rounds = get_all(demo.api, f"/v1/plans/{plans['partnership_promise']['id']}/rounds")
    assert [r["name"] for r in rounds] == ["Seuranta 2026", "Seuranta 2027", "Seuranta 2028"]
    terms = get_all(demo.api, "/v1/terms", network_id=demo.network_id)
    assert [(t["start"], t["end"]) for t in terms] == [("2025-06-01", "2029-05-31")]
    window = {"from": "2025-06-01", "to": "2029-06-01", "category": "Valtuustokausikello"}
    wheel = get_all(demo.api, "/v1/occurrences", network_id=demo.network_id, **window)
    reports = [o["start"] for o in wheel if o["kind"] == "deadline" and "raportti" in o["title"]]
    assert reports == ["2026-05-15", "2027-05-15", "2028-05-15", "2029-05-15"]


def test_demo_if_empty_skips_a_database_with_networks(demo: Demo) -> None:
    again = demo.second_run
    assert again.returncode == 0, again.stderr
    assert "demo not loaded" in again.stdout
    assert "client_secret" not in again.stdout
    saved = demo.workdir / ".vuosikello-demo-credentials.json"
    assert saved.read_text() == demo.saved_credentials
    assert [n["id"] for n in get_all(demo.api, "/v1/networks")] == [demo.network_id]


async def test_demo_content_loads_on_the_suite_database(app: Any) -> None:
    """The same load on the suite's engine (PostgreSQL in that mode), rolled back afterwards."""
    import sqlalchemy as sa

    from app.core.db.session import get_database
    from app.demo import data
    from app.demo import wheel as demo_wheel
    from app.demo.loader import populate
    from app.events.models import Event, OccurrenceOverride
    from app.partners.models import Partner

    async with get_database().sessionmaker() as session:
        try:
            result = await populate(session)
            counts = {}
            for model in (Partner, Event):
                counts[model] = await session.scalar(
                    sa.select(sa.func.count())
                    .select_from(model)
                    .where(model.network_id == result.network_id)
                )
            overrides = (
                await session.exec(
                    sa.select(OccurrenceOverride.recurrence_id, OccurrenceOverride.cancelled)
                    .join(Event, Event.id == OccurrenceOverride.event_id)
                    .where(Event.network_id == result.network_id)
                )
            ).all()
        finally:
            await session.rollback()
    events = len(data.EVENTS) + len(demo_wheel.EVENTS)
    assert counts == {Partner: len(data.PARTNERS), Event: events}
    assert sorted(map(tuple, overrides)) == [
        ("2026-06-09T13:00:00", True),
        ("2026-10-13T13:00:00", False),
    ]
