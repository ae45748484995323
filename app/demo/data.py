"""The demo network's content as plain data: the North Ostrobothnia welfare network.

Modelled on the Pohjois-Pohjanmaa planning documents (hyvinvointisopimus, kumppanuuslupaus,
lasten ja nuorten hyvinvointisuunnitelman väliarviointi). Organisations and municipality codes
are real; every person, e-mail address and meeting date is invented. Business ids (Y-tunnus) are
given only where known to be right: a wrong id that passes the check digit would be worse than
none. Start times are naive local wall time in Europe/Helsinki, and each recurring start is the
first occurrence of its rule, as the event service requires.
"""

from dataclasses import dataclass
from datetime import date, datetime

from app.events.models import EventStatus
from app.groups.models import GroupKind, MemberRole
from app.partners.models import PartnerKind

NETWORK_NAME = "Pohjois-Pohjanmaan lasten, nuorten ja perheiden hyvinvointiverkosto"
NETWORK_DESCRIPTION = (
    "Pohjois-Pohjanmaan kuntien, hyvinvointialueen, maakunnan liiton, valtion, järjestöjen, "
    "seurakuntien ja oppilaitosten yhteinen vuosikello lasten, nuorten ja perheiden "
    "hyvinvoinnin edistämiseen. Pohjana Pohjois-Pohjanmaan hyvinvointisopimus ja lasten ja "
    "nuorten hyvän kasvun visio 2030. Esittelyaineisto: henkilöt ja yhteystiedot ovat keksittyjä."
)
DEMO_CLIENT_NAME = "Vuosikello demo admin"

# Municipal council term (valtuustokausi) 2025-2029: the groups are appointed for it.
TERM_START = date(2025, 6, 1)
TERM_END = date(2029, 5, 31)


@dataclass(frozen=True)
class PartnerSeed:
    key: str
    name: str
    kind: PartnerKind
    municipality_code: str | None = None
    business_id: str | None = None


@dataclass(frozen=True)
class PersonSeed:
    key: str
    partner: str
    name: str
    title: str
    email: str


@dataclass(frozen=True)
class MemberSeed:
    person: str
    role: MemberRole
    start: date | None = TERM_START
    end: date | None = None


@dataclass(frozen=True)
class GroupSeed:
    key: str
    name: str
    kind: GroupKind
    description: str
    members: tuple[MemberSeed, ...]
    term_start: date = TERM_START
    term_end: date = TERM_END


@dataclass(frozen=True)
class EventSeed:
    key: str
    title: str
    category: str
    start: date | datetime
    end: date | datetime | None = None
    rrule: str | None = None
    description: str | None = None
    location: str | None = None
    group: str | None = None
    partners: tuple[str, ...] = ()
    exdates: tuple[date | datetime, ...] = ()
    status: EventStatus = EventStatus.confirmed


@dataclass(frozen=True)
class MovedOccurrence:
    event: str
    recurrence_id: datetime
    start: datetime
    end: datetime
    description: str | None = None


@dataclass(frozen=True)
class CancelledOccurrence:
    event: str
    recurrence_id: datetime


MUNICIPALITIES = ("oulu", "raahe", "kuusamo", "pyhajarvi", "ylivieska", "nivala", "kempele")

PARTNERS: tuple[PartnerSeed, ...] = (
    PartnerSeed("oulu", "Oulun kaupunki", PartnerKind.municipality, "564", "0187690-1"),
    PartnerSeed("raahe", "Raahen kaupunki", PartnerKind.municipality, "678"),
    PartnerSeed("kuusamo", "Kuusamon kaupunki", PartnerKind.municipality, "305"),
    PartnerSeed("pyhajarvi", "Pyhäjärven kaupunki", PartnerKind.municipality, "626"),
    PartnerSeed("ylivieska", "Ylivieskan kaupunki", PartnerKind.municipality, "977"),
    PartnerSeed("nivala", "Nivalan kaupunki", PartnerKind.municipality, "535"),
    PartnerSeed("kempele", "Kempeleen kunta", PartnerKind.municipality, "244"),
    PartnerSeed(
        "pohde", "Pohjois-Pohjanmaan hyvinvointialue (Pohde)", PartnerKind.wellbeing_county
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


GROUPS: tuple[GroupSeed, ...] = (
    GroupSeed(
        key="yhteistyoryhma",
        name="Maakunnallinen hyvinvointiyhteistyöryhmä",
        kind=GroupKind.working_group,
        description=(
            "Maakuntahallituksen nimeämä ryhmä, joka ohjaa ja seuraa hyvinvointisopimusta, "
            "sovittaa yhteen kuntien ja hyvinvointialueen hyvinvointityötä ja valmistelee "
            "tilannekuvaseminaarin ja hyvinvointifoorumin."
        ),
        members=(
            MemberSeed("hietala", MemberRole.chair),
            MemberSeed("heikkinen", MemberRole.vice_chair),
            MemberSeed("lehtola", MemberRole.secretary),
            MemberSeed("kinnunen", MemberRole.member),
            MemberSeed("karjalainen", MemberRole.member),
            MemberSeed("rautio", MemberRole.member),
            MemberSeed("pietila", MemberRole.member),
            MemberSeed("korhonen", MemberRole.member),
            MemberSeed("koskela", MemberRole.member),
            MemberSeed("mattila", MemberRole.expert),
        ),
    ),
    GroupSeed(
        key="lape",
        name="LAPE-ohjausryhmä",
        kind=GroupKind.steering_group,
        description=(
            "Lasten, nuorten ja perheiden palvelujen maakunnallinen ohjausryhmä: hyvinvointialue, "
            "kunnat, järjestöt ja seurakunnat. Vie lasten ja nuorten hyvän kasvun visiota 2030 "
            "kuntien ja hyvinvointialueen hyvinvointisuunnitelmiin ja talousarvioihin."
        ),
        members=(
            MemberSeed("ylitalo", MemberRole.chair),
            MemberSeed("juntunen", MemberRole.vice_chair),
            MemberSeed("korhonen", MemberRole.secretary),
            MemberSeed("tervo", MemberRole.member),
            MemberSeed("vaisanen", MemberRole.member),
            MemberSeed("salmela", MemberRole.member),
            MemberSeed("alatalo", MemberRole.member),
            # Joined mid-term as Oulu's deputy; the school member's seat ends with 2026.
            MemberSeed("heikkinen", MemberRole.deputy, start=date(2026, 1, 1)),
            MemberSeed("makela", MemberRole.member, end=date(2026, 12, 31)),
            MemberSeed("rantala", MemberRole.expert),
            MemberSeed("mattila", MemberRole.expert),
        ),
    ),
)

REGIONAL = ("pohde", "liitto")

EVENTS: tuple[EventSeed, ...] = (
    EventSeed(
        key="tilannekuvaseminaari",
        title="Hyvinvoinnin tilannekuvaseminaari",
        category="Seminaarit",
        start=datetime(2025, 10, 7, 9, 0),
        end=datetime(2025, 10, 7, 15, 30),
        rrule="FREQ=YEARLY;BYMONTH=10;BYDAY=1TU",
        description=(
            "Vuosittainen seminaari kuntien talous- ja toimintasuunnittelun tueksi: maakunnan "
            "hyvinvoinnin tilannekuva, kouluterveyskyselyn ja LAPE-tilannekuvan nostot "
            "talousarviovalmisteluun."
        ),
        location="Pohjois-Pohjanmaan liitto, Oulu, ja Teams",
        group="yhteistyoryhma",
        partners=(*REGIONAL, "avi", *MUNICIPALITIES),
    ),
    EventSeed(
        key="hyvinvointifoorumi",
        title="Pohjois-Pohjanmaan hyvinvointifoorumi",
        category="Seminaarit",
        start=date(2025, 3, 19),
        end=date(2025, 3, 21),
        rrule="FREQ=YEARLY;BYMONTH=3;BYDAY=3WE",
        description=(
            "Kaksipäiväinen foorumi hyvien käytäntöjen jakamiseen, yhteistyön ja kumppanuuden "
            "lisäämiseen ja osaamisen vahvistamiseen."
        ),
        location="Ylivieska",
        group="yhteistyoryhma",
        partners=(*REGIONAL, "ylivieska", "mll", "nuorisoseurat", "seurakunta"),
    ),
    EventSeed(
        key="lape_kokous",
        title="LAPE-ohjausryhmän kokous",
        category="Ohjausryhmät",
        start=datetime(2025, 8, 12, 13, 0),
        end=datetime(2025, 8, 12, 15, 0),
        # Monthly on the second Tuesday, with a summer break in July.
        rrule="FREQ=MONTHLY;BYDAY=2TU;BYMONTH=1,2,3,4,5,6,8,9,10,11,12",
        description="Esityslista ja muistiot jaetaan ryhmän Teams-kanavalla.",
        location="Pohde, Oulu, ja Teams",
        group="lape",
        partners=("pohde", "oulu", "kuusamo", "mll", "seurakunta"),
    ),
    EventSeed(
        key="yhteistyoryhma_kokous",
        title="Hyvinvointiyhteistyöryhmän kokous",
        category="Ohjausryhmät",
        start=datetime(2025, 9, 4, 9, 0),
        end=datetime(2025, 9, 4, 11, 30),
        rrule="FREQ=YEARLY;BYMONTH=3,6,9,12;BYDAY=1TH",
        description="Neljännesvuosikokous: hyvinvointisopimuksen seuranta ja vuosikellon päivitys.",
        location="Teams",
        group="yhteistyoryhma",
        partners=REGIONAL,
        # March 2026 is handled at the forum instead.
        exdates=(datetime(2026, 3, 5, 9, 0),),
    ),
    EventSeed(
        key="sivisote",
        title="Sivistys- ja sote-johtajien verkostotapaaminen",
        category="Ohjausryhmät",
        start=datetime(2025, 10, 1, 12, 30),
        end=datetime(2025, 10, 1, 15, 30),
        rrule="FREQ=YEARLY;BYMONTH=2,10;BYDAY=1WE",
        description=(
            "Kuntien sivistysjohtajat ja hyvinvointialueen johto: yhteensovittava johtaminen."
        ),
        location="Teams",
        partners=("pohde", *MUNICIPALITIES),
    ),
    EventSeed(
        key="talousarvioraami",
        title="Talousarvioraami ja talousarvion laadintaohjeet",
        category="Talousarvio",
        start=date(2025, 5, 26),
        rrule="FREQ=YEARLY",
        description="Kunnanhallitukset hyväksyvät seuraavan vuoden talousarvioraamin.",
        partners=MUNICIPALITIES,
    ),
    EventSeed(
        key="talousarvion_valmistelu",
        title="Talousarvion valmistelu: hyvinvointinäkökulmat ja lapsivaikutusten arviointi",
        category="Talousarvio",
        start=date(2025, 8, 11),
        end=date(2025, 10, 1),
        rrule="FREQ=YEARLY",
        description=(
            "Tilannekuvaseminaarin nostot ja lapsivaikutusten arviointi viedään talousarvio- "
            "esityksiin ennen hallitusten käsittelyä."
        ),
        partners=(*MUNICIPALITIES, "pohde"),
    ),
    EventSeed(
        key="valtuusto_talousarvio",
        title="Oulun kaupunginvaltuuston talousarviokokous",
        category="Päätöksenteko",
        start=datetime(2025, 11, 24, 17, 0),
        end=datetime(2025, 11, 24, 22, 0),
        rrule="FREQ=YEARLY;BYMONTH=11;BYDAY=-1MO",
        location="Oulun kaupungintalo",
        partners=("oulu",),
    ),
    EventSeed(
        key="aluevaltuusto_talousarvio",
        title="Aluevaltuuston talousarviokokous",
        category="Päätöksenteko",
        start=datetime(2025, 12, 8, 10, 0),
        end=datetime(2025, 12, 8, 16, 0),
        rrule="FREQ=YEARLY;BYMONTH=12;BYDAY=2MO",
        description="Hyvinvointialueen talousarvio ja taloussuunnitelma.",
        location="Oulu",
        partners=("pohde",),
    ),
    EventSeed(
        key="valiarviointi",
        title="Lasten ja nuorten hyvinvointisuunnitelman väliarviointi",
        category="Arviointi",
        start=datetime(2025, 5, 8, 14, 0),
        end=datetime(2025, 5, 8, 16, 0),
        rrule="FREQ=YEARLY;BYMONTH=5;BYDAY=2TH",
        description=(
            "Väliraportointi hyvinvoinnin ja terveyden edistämisen lautakunnalle: tavoitteiden "
            "toteutuminen (kyllä / osittain / ei) ja seurantamittarit."
        ),
        location="Pohde, Oulu",
        partners=("pohde",),
    ),
    EventSeed(
        key="tiedolla_johtaminen",
        title="Tiedolla johtamisen prosessikuvaukset valmiit",
        category="Arviointi",
        start=date(2026, 11, 30),
        description="Lasten ja nuorten hyvän kasvun vision toimeenpano: syksy 2026.",
        group="lape",
        partners=("pohde", "liitto", "yliopisto"),
    ),
    EventSeed(
        key="koulutus_kevat",
        title="Perhekeskusten johtotiimien koulutus, kevät 2026",
        category="Seminaarit",
        start=datetime(2026, 4, 22, 9, 0),
        end=datetime(2026, 4, 22, 15, 0),
        location="Oulun yliopisto",
        group="lape",
        partners=("pohde", "yliopisto"),
    ),
    EventSeed(
        key="koulutus_syksy",
        title="Perhekeskusten johtotiimien koulutus, syksy 2026",
        category="Seminaarit",
        start=datetime(2026, 10, 28, 9, 0),
        end=datetime(2026, 10, 28, 15, 0),
        location="Oulun yliopisto",
        group="lape",
        partners=("pohde", "yliopisto"),
        status=EventStatus.tentative,
    ),
    EventSeed(
        key="valtuustokausi",
        title="Uusi valtuustokausi alkaa",
        category="Valtuustokausi",
        start=date(2025, 6, 1),
        rrule="FREQ=YEARLY;INTERVAL=4",
        partners=MUNICIPALITIES,
    ),
    EventSeed(
        key="perehdytys",
        title="Valtuustokauden hyvinvointijohtamisen perehdytys",
        category="Valtuustokausi",
        start=datetime(2025, 9, 30, 12, 0),
        end=datetime(2025, 9, 30, 16, 0),
        rrule="FREQ=YEARLY;INTERVAL=4;BYMONTH=9;BYDAY=-1TU",
        description="Uusille luottamushenkilöille: hyvinvointijohtaminen ja lapsivaikutukset.",
        location="Pohjois-Pohjanmaan liitto, Oulu",
        partners=(*REGIONAL, *MUNICIPALITIES),
    ),
    EventSeed(
        key="laaja_hyvinvointikertomus",
        title="Laaja hyvinvointikertomus valtuustolle",
        category="Valtuustokausi",
        start=datetime(2026, 6, 15, 18, 0),
        end=datetime(2026, 6, 15, 21, 0),
        rrule="FREQ=YEARLY;INTERVAL=4;BYMONTH=6;BYDAY=3MO",
        description="Kerran valtuustokaudessa: hyvinvointikertomus ja -suunnitelma 2026-2029.",
        partners=MUNICIPALITIES,
    ),
)

MOVED: tuple[MovedOccurrence, ...] = (
    MovedOccurrence(
        event="lape_kokous",
        recurrence_id=datetime(2026, 10, 13, 13, 0),
        start=datetime(2026, 10, 20, 13, 0),
        end=datetime(2026, 10, 20, 15, 0),
        description="Siirretty viikolla 42 olevan syysloman vuoksi.",
    ),
)

CANCELLED: tuple[CancelledOccurrence, ...] = (
    CancelledOccurrence(event="lape_kokous", recurrence_id=datetime(2026, 6, 9, 13, 0)),
)
