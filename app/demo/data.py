"""The demo network's content as plain data: the North Ostrobothnia welfare network.

Modelled on the Pohjois-Pohjanmaa planning documents (hyvinvointisopimus, kumppanuuslupaus,
lasten ja nuorten hyvinvointisuunnitelman väliarviointi). Organisations and municipality codes
are real; every person, e-mail address and meeting date is invented. Business ids (Y-tunnus) are
given only where known to be right: a wrong id that passes the check digit would be worse than
none. Start times are naive local wall time in Europe/Helsinki, and each recurring start is the
first occurrence of its rule, as the event service requires.
"""

import tomllib
from importlib.resources import files
from typing import Any

from app.demo.calendar import CANCELLED, EVENTS, MOVED
from app.demo.seeds import GroupSeed, MemberSeed, PartnerSeed, PersonSeed
from app.groups.models import GroupKind, MemberRole
from app.partners.models import PartnerKind

__all__ = ["CANCELLED", "EVENTS", "MOVED"]  # the wheel lives in app.demo.calendar

NETWORK_NAME = "Pohjois-Pohjanmaan lasten, nuorten ja perheiden hyvinvointiverkosto"
NETWORK_DESCRIPTION = (
    "Pohjois-Pohjanmaan kuntien, hyvinvointialueen, maakunnan liiton, valtion, järjestöjen, "
    "seurakuntien ja oppilaitosten yhteinen vuosikello lasten, nuorten ja perheiden "
    "hyvinvoinnin edistämiseen. Pohjana Pohjois-Pohjanmaan hyvinvointisopimus ja lasten ja "
    "nuorten hyvän kasvun visio 2030. Esittelyaineisto: henkilöt ja yhteystiedot ovat keksittyjä."
)
DEMO_CLIENT_NAME = "Vuosikello demo admin"

PARTNERS: tuple[PartnerSeed, ...] = (
    PartnerSeed("oulu", "Oulun kaupunki", PartnerKind.municipality, "564", "0187690-1"),
    PartnerSeed("raahe", "Raahen kaupunki", PartnerKind.municipality, "678"),
    PartnerSeed("kuusamo", "Kuusamon kaupunki", PartnerKind.municipality, "305"),
    PartnerSeed("pyhajarvi", "Pyhäjärven kaupunki", PartnerKind.municipality, "626"),
    PartnerSeed("ylivieska", "Ylivieskan kaupunki", PartnerKind.municipality, "977"),
    PartnerSeed("nivala", "Nivalan kaupunki", PartnerKind.municipality, "535"),
    PartnerSeed("kempele", "Kempeleen kunta", PartnerKind.municipality, "244"),
    # Followed in Sotkanet by its HYVINVOINTIALUE code.
    PartnerSeed(
        "pohde",
        "Pohjois-Pohjanmaan hyvinvointialue (Pohde)",
        PartnerKind.wellbeing_county,
        wellbeing_county_code="19",
    ),
    PartnerSeed("liitto", "Pohjois-Pohjanmaan liitto", PartnerKind.regional_council),
    PartnerSeed("avi", "Pohjois-Suomen aluehallintovirasto", PartnerKind.state_agency),
    PartnerSeed(
        "mll", "Mannerheimin Lastensuojeluliiton Pohjois-Pohjanmaan piiri ry", PartnerKind.ngo
    ),
    PartnerSeed("nuorisoseurat", "Pohjois-Pohjanmaan Nuorisoseurat ry", PartnerKind.ngo),
    PartnerSeed("seurakunta", "Oulun seurakuntayhtymä", PartnerKind.parish),
    PartnerSeed("yliopisto", "Oulun yliopisto", PartnerKind.university),
    PartnerSeed("osao", "Oulun seudun ammattiopisto OSAO", PartnerKind.school),
)


def _email(name: str) -> str:
    """etunimi.sukunimi@example.fi: an invented address that names no real person's mailbox."""
    ascii_name = name.lower().translate(str.maketrans("äöå", "aoa"))
    return ascii_name.replace(" ", ".") + "@example.fi"


# (key, partner, name, title); the names are invented.
_PEOPLE_ROWS = (
    ("heikkinen", "oulu", "Anna Heikkinen", "Hyvinvointikoordinaattori"),
    ("vaisanen", "oulu", "Mikko Väisänen", "Nuorisotyön päällikkö"),
    ("kinnunen", "raahe", "Sanna Kinnunen", "Hyvinvointikoordinaattori"),
    ("juntunen", "kuusamo", "Jari Juntunen", "Sivistysjohtaja"),
    ("karjalainen", "pyhajarvi", "Tiina Karjalainen", "Hyvinvointijohtaja"),
    ("rautio", "ylivieska", "Petri Rautio", "Hyvinvointikoordinaattori"),
    ("pietila", "nivala", "Henna Pietilä", "Vapaa-aikapalvelujen päällikkö"),
    ("lehtola", "kempele", "Outi Lehtola", "Hyvinvointikoordinaattori"),
    ("korhonen", "pohde", "Kaisa Korhonen", "LAPE-koordinaattori"),
    ("tervo", "pohde", "Markku Tervo", "Perhekeskuskoordinaattori"),
    ("ylitalo", "pohde", "Riitta Ylitalo", "Palvelupäällikkö, perhepalvelut"),
    ("hietala", "liitto", "Pekka Hietala", "Erityisasiantuntija, hyvinvointi"),
    ("mattila", "avi", "Eeva Mattila", "Ylitarkastaja, peruspalvelut"),
    ("salmela", "mll", "Minna Salmela", "Järjestöpäällikkö"),
    ("koskela", "nuorisoseurat", "Ville Koskela", "Toiminnanjohtaja"),
    ("alatalo", "seurakunta", "Päivi Alatalo", "Perhetyön johtaja"),
    ("rantala", "yliopisto", "Johanna Rantala", "Yliopistotutkija, kasvatustiede"),
    ("makela", "osao", "Antti Mäkelä", "Opiskeluhuollon päällikkö"),
)
PEOPLE: tuple[PersonSeed, ...] = tuple(
    PersonSeed(key, partner, name, title, _email(name))
    for key, partner, name, title in _PEOPLE_ROWS
)


def _group(row: dict[str, Any]) -> GroupSeed:
    members = tuple(
        MemberSeed(person, MemberRole(role), **(dates[0] if dates else {}))
        for person, role, *dates in row.pop("members")
    )
    return GroupSeed(kind=GroupKind(row.pop("kind")), members=members, **row)


_GROUPS = tomllib.loads(files("app.demo").joinpath("groups.toml").read_text("utf-8"))
GROUPS: tuple[GroupSeed, ...] = tuple(_group(row) for row in _GROUPS["groups"])
