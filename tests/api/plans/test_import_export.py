# ruff: noqa: E501 - one table row per line
"""Import and export of follow-up tables: seed 003 (Kymenlaakso's interim evaluation of the
children and youth welfare plan, 8.5.2025) as CSV and XLSX round-trips through the report;
a malformed row stops the import with its row and column and writes nothing."""

import csv
import io

from openpyxl import Workbook, load_workbook

from tests.support import Api

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

G1 = "Yhteensovittava johtaminen"
G2 = (
    "Päätöksenteko perustuu lapsivaikutusten arviointiin, lapsilähtöisyyteen sekä "
    "läpinäkyvyyteen kaikissa palveluissa"
)
G3 = "Lasten ja perheiden palvelujen toiminta ja kehittäminen perustuu tiedolla johtamiseen"
G4 = (
    "Yhdessä tekemisen toimintatavat ovat vahvat ja vaikuttavat sekä perustuvat yhteiseen "
    "systeemiseen ajatteluun perheen ja eri toimijoiden välillä"
)
G5 = (
    "Lasten, nuorten ja perheiden peruspalvelujen toimintakyky ja vastuunkanto lasten ja "
    "nuorten hyvinvoinnista vahvistuu"
)
G6 = (
    "Lastensuojelulla on vahva toimintakyky. Lastensuojelussa keskitytään viimesijaisen "
    "erityisen suojelutarpeen toteuttamiseen"
)
HEADER = ("Tavoite", "Toimenpide", "Vastuutaho", "Seurantamittari", "Toteutuminen", "Kommentti")
ROWS = [
    (G1, "Hyvinvointialueen ja kuntien pitkäjänteinen sitoutuminen eri suunnitelmien tavoitteisiin vaikuttaa suoraan alueen lasten ja nuorten hyvinvointiin ja lastensuojelun tarpeeseen.", "Peso, Tesa, Kunnat", "Sivi-sote tapaamiset; Peke-johtoryhmät; Alueellinen opiskeluhuoltotyöryhmät (kokousmäärä, toteutuminen)", "Toteutuu hyvin", ""),
    (G1, "Suunnitelmat ja niiden tavoitteet ovat yhteensovitettuja ja niistä käydään jatkuvaa vuoropuhelua.", "Peso, Tesa", "Yhteensovitetut päätavoitteet lasten ja nuorten suunnitelmissa", "Kyllä", ""),
    (G1, "Tavoitteiden saavuttamista arvioidaan yhteisesti", "Lanupe-työryhmä", "Lasten hyte-tavoitteet", "Osittain", "Valitut mittarit ja palautejärjestelmä puutteellisia"),
    (G2, "Osallisuustyötä kehitetään aktiivisesti.", "Lanupe-työryhmä", "Toteutuneet arvioinnit", "Ei", "Lapsivaikutusten arviointia ei ole vielä tehty hva:lla."),
    (G3, "Hyödynnetään tutkimustietoa ja digitaalisia ratkaisuja. Mm. kasvuntuki.fi", "Peso, Tesa", "", "Osittain", "Aloitettu yhteistyötä ITLA/UEF"),
    (G4, "Moniammatillista työtä kehitetään. Yhteisövaikuttavuuden ja yhteisasiakasohjauksen avulla palvelut kohdentuvat paremmin.", "Lanupe-työryhmä", "Perhekeskus verkoston integraatiojohtaminen; Yhden kontaktin periaate kyllä/ei; Yhdessä sovittu käytännöntyön rakenne - oma tiimi-malli kyllä/ei", "Osittain", "Työskentely on aloitettu lanupen alatyöryhmissä."),
    (G5, "Peruspalvelut ovat riittävän vahvat ja toimivat lakisääteisellä tasolla", "Peso, Tesa, Kunnat", "Asiakasmitoitukset; Palveluun pääsy; Hoitoon pääsy", "Osittain", "Osa lakisääteistä ja osassa palvelujen puutteet on tunnistettu."),
    (G5, "Lasten ja nuorten päihde- ja mielenterveyspalveluita vahvistetaan", "Tesa, Lanupe-työryhmä", "Mieli-yksikkö käynnistyy kyllä/ei; Alaikäisten lasten päihdehoidon ja sen polun rakentaminen kyllä/ei", "Osittain", "Mieli-yksikkö etenee. Alaikäisten päihdehoidon rakentaminen on kesken."),
    (G6, "Lastensuojelutyötä kehitetään aktiivisesti kansallisen ohjauksen mukaisella tavalla", "Peso", "Tulevaisuusverkkoja nuorten tulevaisuuteen (TuTu) -hankkeen projektit", "Osittain, käynnissä", ""),
    (G6, "Lastensuojelun resurssi turvataan tarpeen mukaisesti vaikuttavan palvelun toteuttamiseksi", "Peso", "Palvelutarpeen arvioinnit; Asiakasmitoitus 30 lasta/sos.tt", "Toteutuu", ""),
]  # fmt: skip
# What the report says back: the status word as the board's table writes it.
STATUS = {"Toteutuu hyvin": "kyllä", "Kyllä": "kyllä", "Osittain": "osittain", "Ei": "ei",
          "Osittain, käynnissä": "osittain", "Toteutuu": "kyllä"}  # fmt: skip
EXPECTED = [(g, m, r, x, STATUS[s], c) for g, m, r, x, s, c in ROWS]


def as_csv(rows, header=HEADER, delimiter=";") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def as_xlsx(rows, header=HEADER) -> bytes:
    book = Workbook()
    book.active.append(list(header))
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_rows(data: bytes) -> list[tuple]:
    return [tuple(r) for r in csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";")]


def xlsx_rows(data: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [tuple("" if v is None else v for v in r) for r in sheet.iter_rows(values_only=True)]


async def _plan(api: Api, network: dict) -> tuple[dict, dict]:
    plan = await api.create(
        "/v1/plans",
        {"network_id": network["id"], "title": "Lasten ja nuorten hyvinvointisuunnitelma",
         "kind": "children_youth_welfare_plan", "approving_body": "Aluevaltuusto"},
    )  # fmt: skip
    round_ = await api.create(
        f"/v1/plans/{plan['id']}/rounds",
        {"name": "Väliraportointi 2025", "due": "2025-05-08", "deadline": False,
         "decision_body": "Hyvinvoinnin ja terveyden edistämisen lautakunta"},
    )  # fmt: skip
    return plan, round_


async def _parties(api: Api, network: dict) -> None:
    n = network["id"]
    for name, kind in (
        ("Peso", "wellbeing_county"),
        ("Tesa", "wellbeing_county"),
        ("Kunnat", "municipality"),
    ):
        await api.create("/v1/partners", {"network_id": n, "name": name, "kind": kind})
    await api.create(
        "/v1/groups", {"network_id": n, "name": "Lanupe-työryhmä", "kind": "working_group"}
    )


async def _import(api: Api, plan: dict, round_: dict, data: bytes, name: str, **params):
    return await api.post(
        f"/v1/plans/{plan['id']}/import",
        files={"file": (name, data)},
        params={"round_id": round_["id"], **params},
    )


async def _report(api: Api, plan: dict, round_: dict, accept: str, language: str = "fi"):
    response = await api.get(
        f"/v1/plans/{plan['id']}/report",
        params={"round_id": round_["id"]},
        headers={"Accept": accept, "Accept-Language": language},
    )
    assert response.status_code == 200, response.text
    return response


async def test_seed_003_csv_round_trips_through_the_report(admin: Api, network: dict):
    await _parties(admin, network)
    plan, round_ = await _plan(admin, network)
    dry = await _import(admin, plan, round_, as_csv(ROWS), "seuranta.csv", dry_run="true")
    assert dry.status_code == 200, dry.text
    assert dry.json()["goals_created"] == [G1, G2, G3, G4, G5, G6]
    assert len(dry.json()["measures_created"]) == 10 and dry.json()["evaluations_created"] == 10
    assert (await admin.get(f"/v1/plans/{plan['id']}/goals")).json()["goals"] == []
    done = await _import(admin, plan, round_, as_csv(ROWS), "seuranta.csv")
    assert done.status_code == 200, done.text
    assert done.json() == {**dry.json(), "dry_run": False}
    tree = (await admin.get(f"/v1/plans/{plan['id']}/goals")).json()
    assert [g["title"] for g in tree["goals"]] == [G1, G2, G3, G4, G5, G6]
    assert (
        tree["rollup"]["yes"] == 3 and tree["rollup"]["partly"] == 6 and tree["rollup"]["no"] == 1
    )
    exported = (await _report(admin, plan, round_, "text/csv")).content
    assert csv_rows(exported) == [HEADER, *EXPECTED]
    # The export imports back into another plan and exports the same bytes.
    plan2, round2 = await _plan(admin, network)
    again = await _import(admin, plan2, round2, exported, "vienti.csv")
    assert again.status_code == 200, again.text
    assert (await _report(admin, plan2, round2, "text/csv")).content == exported
    # Importing the same table again creates nothing and updates the evaluations in place.
    repeat = (await _import(admin, plan, round_, exported, "vienti.csv")).json()
    assert repeat["goals_created"] == [] and repeat["measures_created"] == []
    assert repeat["evaluations_created"] == 0 and repeat["evaluations_updated"] == 10


async def test_seed_003_xlsx_round_trips_through_the_report(admin: Api, network: dict):
    await _parties(admin, network)
    plan, round_ = await _plan(admin, network)
    done = await _import(admin, plan, round_, as_xlsx(ROWS), "seuranta.xlsx")
    assert done.status_code == 200, done.text
    response = await _report(admin, plan, round_, XLSX)
    assert response.headers["content-type"] == XLSX
    assert xlsx_rows(response.content) == [HEADER, *EXPECTED]
    plan2, round2 = await _plan(admin, network)
    assert (await _import(admin, plan2, round2, response.content, "vienti.xlsx")).status_code == 200
    assert xlsx_rows((await _report(admin, plan2, round2, XLSX)).content) == [HEADER, *EXPECTED]


async def test_english_headers_and_comma_csv_import_too(admin: Api, network: dict):
    await _parties(admin, network)
    plan, round_ = await _plan(admin, network)
    header = ("goal", "measure", "responsible", "metric", "status", "comment")
    rows = [(G1, "Toimenpide", "peso, LANUPE-TYÖRYHMÄ", "", "partly", "")]
    response = await _import(admin, plan, round_, as_csv(rows, header, ","), "t.csv")
    assert response.status_code == 200, response.text
    measure = (await admin.get(f"/v1/plans/{plan['id']}/goals")).json()["goals"][0]["measures"][0]
    assert (
        len(measure["responsible_partner_ids"]) == 1 and len(measure["responsible_group_ids"]) == 1
    )
    assert measure["evaluation"]["status"] == "partly"
    en = await _report(admin, plan, round_, "text/csv", "en-GB,fi;q=0.5")
    assert csv_rows(en.content)[0] == (
        "Goal",
        "Measure",
        "Responsible",
        "Metric",
        "Status",
        "Comment",
    )
    assert en.headers["content-language"] == "en"


async def test_a_malformed_row_stops_the_import_and_writes_nothing(admin: Api, network: dict):
    await _parties(admin, network)
    plan, round_ = await _plan(admin, network)
    before = (
        await admin.get("/v1/notifications", params={"network_id": network["id"], "limit": 500})
    ).json()
    rows = list(ROWS)
    rows[2] = (G1, rows[2][1], "Lanupe-työryhmä", "", "ehkä", "")  # row 4 of the file
    rows[5] = ("", rows[5][1], "Lanupe-työryhmä", "", "Osittain", "")  # row 7
    for data, name in ((as_csv(rows), "virhe.csv"), (as_xlsx(rows), "virhe.xlsx")):
        response = await _import(admin, plan, round_, data, name)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        errors = response.json()["errors"]
        assert [(e["row"], e["column"]) for e in errors] == [(4, "Toteutuminen"), (7, "Tavoite")]
        assert "row 4" in response.json()["detail"] and "Toteutuminen" in response.json()["detail"]
    # A row that parses but names nobody the network knows also stops everything.
    rows = list(ROWS)
    rows[8] = (*rows[8][:2], "Peso, Tuntematon", *rows[8][3:])
    response = await _import(admin, plan, round_, as_csv(rows), "virhe.csv")
    assert response.status_code == 422
    assert [(e["row"], e["column"]) for e in response.json()["errors"]] == [(10, "responsible")]
    assert "Tuntematon" in response.json()["errors"][0]["message"]
    assert (await admin.get(f"/v1/plans/{plan['id']}/goals")).json()["goals"] == []
    after = (
        await admin.get("/v1/notifications", params={"network_id": network["id"], "limit": 500})
    ).json()
    assert after["data"] == before["data"]


async def test_unreadable_files_are_422_not_500(admin: Api, network: dict):
    plan, round_ = await _plan(admin, network)
    for data in (
        b"PK\x03\x04 not really a workbook",
        b"\xff\xfe\x00garbage",
        b"",
        b"foo;bar\n1;2\n",
    ):
        response = await _import(admin, plan, round_, data, "x.csv")
        assert response.status_code == 422, (data, response.text)
        assert response.json()["errors"][0]["field"] == "file"


async def test_printable_report_in_swedish_with_goal_rollups(admin: Api, network: dict):
    await _parties(admin, network)
    plan, round_ = await _plan(admin, network)
    await _import(admin, plan, round_, as_csv(ROWS), "seuranta.csv")
    page = await _report(admin, plan, round_, "text/html", "sv")
    assert page.headers["content-type"].startswith("text/html")
    text = page.text
    assert '<html lang="sv">' in text and "<th>Åtgärd</th>" in text and "delvis" in text
    # Goals realise 2.5/3, 0, 0.5, 0.5, 0.5 and 0.75; the plan their mean, 0.514.
    assert "Förverkligande totalt: 51 %" in text
    assert "Yhteensovittava johtaminen</th><td>83 %</td>" in text


async def test_import_and_report_of_another_network_are_404(admin: Api, anon: Api, network: dict):
    plan, round_ = await _plan(admin, network)
    other_network = await admin.create("/v1/networks", {"name": "Muu verkosto"})
    other = await admin.client_for(anon, "coordinator", [other_network["id"]])
    assert (await _import(other, plan, round_, as_csv(ROWS), "x.csv")).status_code == 404
    response = await other.get(f"/v1/plans/{plan['id']}/report", headers={"Accept": "text/csv"})
    assert response.status_code == 404


async def test_import_with_an_idempotency_key_replays_instead_of_importing_twice(
    admin: Api, network: dict
):
    await _parties(admin, network)
    plan, round_ = await _plan(admin, network)
    # One body, byte for byte (httpx would pick a new multipart boundary for each request).
    body = (
        b'--raja\r\nContent-Disposition: form-data; name="file"; filename="s.csv"\r\n\r\n'
        + as_csv(ROWS)
        + b"\r\n--raja--\r\n"
    )
    headers = {"Idempotency-Key": f"tuonti-{plan['id']}",
               "Content-Type": "multipart/form-data; boundary=raja"}  # fmt: skip
    url = f"/v1/plans/{plan['id']}/import"
    params = {"round_id": round_["id"]}
    first = await admin.post(url, content=body, params=params, headers=headers)
    assert first.status_code == 200, first.text
    assert first.json()["evaluations_created"] == 10
    again = await admin.post(url, content=body, params=params, headers=headers)
    assert again.status_code == 200 and again.json() == first.json()
    # Had it run again, the evaluations would have been updated, not created.
    evaluations = (await admin.get(f"/v1/rounds/{round_['id']}")).json()
    assert evaluations["evaluated"] == 10
    missing = await admin.post(f"/v1/plans/{plan['id']}/import", data={"other": "x"})
    assert missing.status_code == 422, missing.text
    assert missing.json()["errors"][0]["field"] == "file"
