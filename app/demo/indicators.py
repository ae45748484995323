"""The demo follows a handful of Sotkanet's child and youth welfare indicators for its
partners' regions, with values loaded from the committed Sotkanet answers in
app/demo/sotkanet/ (a copy of tests/support/sotkanet/; see its README for their provenance),
through the same mapping and service as a refresh over HTTP: `make run` needs no internet.
The measures of the demo plans follow them for the wellbeing county (its partner carries
Sotkanet's HYVINVOINTIALUE code 19) or a municipality, with the baseline read from those
answers and a target."""

import json
import uuid
from pathlib import Path
from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.core.config import get_settings
from app.flows import sotkanet
from app.indicators import links
from app.indicators import service as indicators
from app.indicators.models import Direction, Gender, Indicator, Source
from app.indicators.schemas import IndicatorCreate, MeasureIndicatorCreate
from app.plans.models import Measure

ANSWERS = Path(__file__).parent / "sotkanet"

# (Sotkanet id, gender, direction, unit, the name the network uses)
FOLLOWED = (
    (1086, Gender.total, Direction.lower_is_better, "%",
     "0 - 17-vuotiaat lapset, joista on tehty lastensuojeluilmoitus, % vastaavan ikäisestä "
     "väestöstä"),
    (4, Gender.total, Direction.lower_is_better, "/ 1 000",
     "Mielenterveyden häiriöihin sairaalahoitoa saaneet 0 - 17-vuotiaat / 1 000 vastaavan "
     "ikäistä"),
    (7, Gender.total, Direction.lower_is_better, "%",
     "Huostassa olevat 0-17-vuotiaat, % vastaavanikäisestä väestöstä"),
    (74, Gender.total, Direction.higher_is_better, "%", "Lapsiperheet, % kaikista perheistä"),
    # The school health survey is reported by gender: `total` would come back empty.
    (3219, Gender.female, Direction.lower_is_better, "%",
     "Koulukiusattuna vähintään kerran viikossa, % 8. ja 9. luokan tytöistä"),
)  # fmt: skip

POHDE = "19"  # Pohjois-Pohjanmaan hyvinvointialue, the wellbeing county partner's code
# (measure title, Sotkanet id, region code, baseline year, target (year, value)). A baseline is
# one region's number, so each link names its region; the baseline value is that region's
# value of the baseline year in the committed answers, read back after the import.
LINKS = (
    ("Peruspalvelut ovat riittävän vahvat ja toimivat lakisääteisellä tasolla", 1086, POHDE,
     2020, (2028, 6.5)),
    ("Lasten ja nuorten päihde- ja mielenterveyspalveluita vahvistetaan", 4, POHDE, 2020,
     (2028, 1.2)),
    ("Lastensuojelutyötä kehitetään aktiivisesti kansallisen ohjauksen mukaisella tavalla", 7,
     POHDE, 2020, (2028, 0.9)),
    # The school health survey is every second year: 2019 is its last before 2020.
    ("Lasten ja nuorten päihde- ja mielenterveyspalveluita vahvistetaan", 3219, POHDE, 2019,
     (2027, 6.0)),
    ("Muodostetaan yhteinen LAPE-tilannekuva ja tiedon analysoinnin resurssi", 74, POHDE, 2020,
     (2028, 39.0)),
    ("Määritellään konkreettiset mitattavat tavoitteet ja varmistetaan tiedon virtaaminen "
     "yhteiseen tilannekuvaan ja talousarvioon", 1086, "626", 2020, (2028, 5.0)),
)  # fmt: skip


def _read(*parts: str) -> Any:
    return json.loads(ANSWERS.joinpath(*parts).read_text(encoding="utf-8"))


def _answer(sotkanet_id: int, gender: str, meta: dict[str, Any]) -> list[dict[str, Any]]:
    """What `/json?indicator=..&years=..&genders=..` answers, from the committed file."""
    special = ANSWERS / "values" / f"{sotkanet_id}-{gender}.json"
    if special.exists():
        return list(json.loads(special.read_text(encoding="utf-8")))
    end = int(meta["range"]["end"])
    first = end - get_settings().sotkanet_years + 1
    rows = _read("values", f"{sotkanet_id}.json")
    return [r for r in rows if r["gender"] == gender and first <= r["year"] <= end]


async def load(session: AsyncSession, principal: Principal, network_id: uuid.UUID) -> None:
    regions = _read("regions.json")
    made = {}
    for sotkanet_id, gender, direction, unit, name in FOLLOWED:
        meta = _read("indicators", f"{sotkanet_id}.json")
        indicator = await indicators.create(session, principal, IndicatorCreate(
            network_id=network_id, name=name, name_sv=meta["title"]["sv"],
            name_en=meta["title"]["en"], unit=unit, direction=direction,
            source=Source.sotkanet, sotkanet_id=sotkanet_id, gender=gender,
        ))  # fmt: skip
        await sotkanet.apply_answers(
            session, indicator, meta, regions, _answer(sotkanet_id, gender, meta)
        )
        made[sotkanet_id] = indicator
    for title, sotkanet_id, region, baseline_year, (target_year, target_value) in LINKS:
        statement = select(Measure).where(Measure.network_id == network_id, Measure.title == title)
        measure = (await session.exec(statement)).first()
        if measure is None:
            raise LookupError(f"the demo has no measure {title!r}")
        indicator = made[sotkanet_id]
        await links.create_link(session, principal, measure, MeasureIndicatorCreate(
            indicator_id=indicator.id, region_code=region, baseline_year=baseline_year,
            baseline_value=await _value(session, indicator, region, baseline_year),
            target_year=target_year, target_value=target_value,
        ))  # fmt: skip


async def _value(session: AsyncSession, indicator: Indicator, region: str, year: int) -> float:
    """The imported value of one region and year: a demo baseline is what the data says."""
    rows = await indicators.values_of(
        session, indicator, region_code=region, year_from=year, year_to=year,
        gender=indicator.gender,
    )  # fmt: skip
    if len(rows) != 1 or rows[0].value is None:
        raise LookupError(f"the demo's answers have no value of {indicator.sotkanet_id} for "
                          f"region {region} in {year}")  # fmt: skip
    return rows[0].value
