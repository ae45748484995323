"""The demo follows a handful of Sotkanet's child and youth welfare indicators for its
partners' regions, with values loaded from the committed Sotkanet answers in
app/demo/sotkanet/ (a copy of tests/support/sotkanet/; see its README for their provenance),
through the same mapping and service as a refresh over HTTP: `make run` needs no internet.
The measures of the demo plans follow them with baselines and targets."""

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
from app.indicators.models import Direction, Gender, Source
from app.indicators.schemas import IndicatorCreate, MeasureIndicatorCreate
from app.plans.models import Measure

ANSWERS = Path(__file__).parent / "sotkanet"

# (Sotkanet id, gender, direction, unit, the name the network uses)
FOLLOWED = (
    (127, Gender.total, Direction.lower_is_better, "%",
     "Lastensuojelun avohuollon asiakkaat 0-17-vuotiaat, % vastaavanikäisestä väestöstä"),
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

# (measure title, Sotkanet id, region code or None, baseline (year, value), target (year, value))
LINKS = (
    ("Peruspalvelut ovat riittävän vahvat ja toimivat lakisääteisellä tasolla", 127, None,
     None, (2028, 6.5)),
    ("Lasten ja nuorten päihde- ja mielenterveyspalveluita vahvistetaan", 4, None, None,
     (2028, 1.2)),
    ("Lastensuojelutyötä kehitetään aktiivisesti kansallisen ohjauksen mukaisella tavalla", 7,
     None, None, (2028, 0.9)),
    ("Lasten ja nuorten päihde- ja mielenterveyspalveluita vahvistetaan", 3219, None, None,
     (2027, 6.0)),
    ("Muodostetaan yhteinen LAPE-tilannekuva ja tiedon analysoinnin resurssi", 74, None, None,
     None),
    ("Määritellään konkreettiset mitattavat tavoitteet ja varmistetaan tiedon virtaaminen "
     "yhteiseen tilannekuvaan ja talousarvioon", 127, "626", (2020, 6.0), (2028, 5.0)),
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
    for title, sotkanet_id, region, baseline, target in LINKS:
        statement = select(Measure).where(Measure.network_id == network_id, Measure.title == title)
        measure = (await session.exec(statement)).first()
        if measure is None:
            raise LookupError(f"the demo has no measure {title!r}")
        await links.create_link(session, principal, measure, MeasureIndicatorCreate(
            indicator_id=made[sotkanet_id].id, region_code=region,
            baseline_year=baseline[0] if baseline else None,
            baseline_value=baseline[1] if baseline else None,
            target_year=target[0] if target else None,
            target_value=target[1] if target else None,
        ))  # fmt: skip
