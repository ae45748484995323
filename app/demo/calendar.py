"""The demo network's annual wheel: its events, and the occurrences moved or cancelled.

Start times are naive local wall time in Europe/Helsinki, and each recurring start is the first
occurrence of its rule, as the event service requires.
"""

from datetime import date, datetime

from app.demo.seeds import (
    MUNICIPALITIES,
    CancelledOccurrence,
    EventSeed,
    MovedOccurrence,
)
from app.events.models import EventStatus

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
