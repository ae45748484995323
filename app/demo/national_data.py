"""Raw material of the synthetic national data set (app/demo/national.py).

Municipality names and codes follow Statistics Finland's classification; the wellbeing
counties are the 21 of the 2023 reform and Helsinki. Everything else is invented: organisation
names are patterns, every person and e-mail address is made up (example.fi), and which
municipalities a network holds is a deterministic shuffle, not the real county map.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Literal

from dateutil.rrule import rrulestr

# (code, name): the municipality codes of Statistics Finland.
MUNICIPALITIES: tuple[tuple[str, str], ...] = tuple(
    (line[:3], line[4:])
    for line in """
005 Alajärvi|009 Alavieska|010 Alavus|016 Asikkala|018 Askola|019 Aura|020 Akaa|035 Brändö
043 Eckerö|046 Enonkoski|047 Enontekiö|049 Espoo|050 Eura|051 Eurajoki|052 Evijärvi
060 Finström|061 Forssa|062 Föglö|065 Geta|069 Haapajärvi|071 Haapavesi|072 Hailuoto
074 Halsua|075 Hamina|076 Hammarland|077 Hankasalmi|078 Hanko|079 Harjavalta|081 Hartola
082 Hattula|086 Hausjärvi|090 Heinävesi|091 Helsinki|092 Vantaa|097 Hirvensalmi|098 Hollola
102 Huittinen|103 Humppila|105 Hyrynsalmi|106 Hyvinkää|108 Hämeenkyrö|109 Hämeenlinna
111 Heinola|139 Ii|140 Iisalmi|142 Iitti|143 Ikaalinen|145 Ilmajoki|146 Ilomantsi|148 Inari
149 Inkoo|151 Isojoki|152 Isokyrö|153 Imatra|165 Janakkala|167 Joensuu|169 Jokioinen
170 Jomala|171 Joroinen|172 Joutsa|176 Juuka|177 Juupajoki|178 Juva|179 Jyväskylä
181 Jämijärvi|182 Jämsä|186 Järvenpää|202 Kaarina|204 Kaavi|205 Kajaani|208 Kalajoki
211 Kangasala|213 Kangasniemi|214 Kankaanpää|216 Kannonkoski|217 Kannus|218 Karijoki
224 Karkkila|226 Karstula|230 Karvia|231 Kaskinen|232 Kauhajoki|233 Kauhava|235 Kauniainen
236 Kaustinen|239 Keitele|240 Kemi|241 Keminmaa|244 Kempele|245 Kerava|249 Keuruu|250 Kihniö
256 Kinnula|257 Kirkkonummi|260 Kitee|261 Kittilä|263 Kiuruvesi|265 Kivijärvi|271 Kokemäki
272 Kokkola|273 Kolari|275 Konnevesi|276 Kontiolahti|280 Korsnäs|284 Koski Tl|285 Kotka
286 Kouvola|287 Kristiinankaupunki|288 Kruunupyy|290 Kuhmo|291 Kuhmoinen|295 Kumlinge
297 Kuopio|300 Kuortane|301 Kurikka|304 Kustavi|305 Kuusamo|309 Outokumpu|312 Kyyjärvi
316 Kärkölä|317 Kärsämäki|318 Kökar|320 Kemijärvi|322 Kemiönsaari|398 Lahti|399 Laihia
400 Laitila|402 Lapinlahti|403 Lappajärvi|405 Lappeenranta|407 Lapinjärvi|408 Lapua
410 Laukaa|416 Lemi|417 Lemland|418 Lempäälä|420 Leppävirta|421 Lestijärvi|422 Lieksa
423 Lieto|425 Liminka|426 Liperi|430 Loimaa|433 Loppi|434 Loviisa|435 Luhanka|436 Lumijoki
438 Lumparland|440 Luoto|441 Luumäki|444 Lohja|445 Parainen|475 Maalahti|478 Maarianhamina
480 Marttila|481 Masku|483 Merijärvi|484 Merikarvia|489 Miehikkälä|491 Mikkeli|494 Muhos
495 Multia|498 Muonio|499 Mustasaari|500 Muurame|503 Mynämäki|504 Myrskylä|505 Mäntsälä
507 Mäntyharju|508 Mänttä-Vilppula|529 Naantali|531 Nakkila|535 Nivala|536 Nokia
538 Nousiainen|541 Nurmes|543 Nurmijärvi|545 Närpiö|560 Orimattila|561 Oripää|562 Orivesi
563 Oulainen|564 Oulu|576 Padasjoki|577 Paimio|578 Paltamo|580 Parikkala|581 Parkano
583 Pelkosenniemi|584 Perho|588 Pertunmaa|592 Petäjävesi|593 Pieksämäki|595 Pielavesi
598 Pietarsaari|599 Pedersöre|601 Pihtipudas|604 Pirkkala|607 Polvijärvi|608 Pomarkku
609 Pori|611 Pornainen|614 Posio|615 Pudasjärvi|616 Pukkila|619 Punkalaidun|620 Puolanka
623 Puumala|624 Pyhtää|625 Pyhäjoki|626 Pyhäjärvi|630 Pyhäntä|631 Pyhäranta|635 Pälkäne
636 Pöytyä|638 Porvoo|678 Raahe|680 Raisio|681 Rantasalmi|683 Ranua|684 Rauma|686 Rautalampi
687 Rautavaara|689 Rautjärvi|691 Reisjärvi|694 Riihimäki|697 Ristijärvi|698 Rovaniemi
700 Ruokolahti|702 Ruovesi|704 Rusko|707 Rääkkylä|710 Raasepori|729 Saarijärvi|732 Salla
734 Salo|736 Saltvik|738 Sauvo|739 Savitaipale|740 Savonlinna|742 Savukoski|743 Seinäjoki
746 Sievi|747 Siikainen|748 Siikajoki|749 Siilinjärvi|751 Simo|753 Sipoo|755 Siuntio
758 Sodankylä|759 Soini|761 Somero|762 Sonkajärvi|765 Sotkamo|766 Sottunga|768 Sulkava
771 Sund|777 Suomussalmi|778 Suonenjoki|781 Sysmä|783 Säkylä|785 Vaala|790 Sastamala
791 Siikalatva|831 Taipalsaari|832 Taivalkoski|833 Taivassalo|834 Tammela|837 Tampere
844 Tervo|845 Tervola|846 Teuva|848 Tohmajärvi|849 Toholampi|850 Toivakka|851 Tornio
853 Turku|854 Pello|857 Tuusniemi|858 Tuusula|859 Tyrnävä|886 Ulvila|887 Urjala
889 Utajärvi|890 Utsjoki|892 Uurainen|893 Uusikaarlepyy|895 Uusikaupunki|905 Vaasa
908 Valkeakoski|915 Varkaus|918 Vehmaa|921 Vesanto|922 Vesilahti|924 Veteli|925 Vieremä
927 Vihti|931 Viitasaari|934 Vimpeli|935 Virolahti|936 Virrat|941 Vårdö|946 Vöyri
976 Ylitornio|977 Ylivieska|980 Ylöjärvi|981 Ypäjä|989 Ähtäri|992 Äänekoski
""".replace("\n", "|").split("|")
    if line.strip()
)

# The wellbeing counties (hyvinvointialueet), Helsinki, and the national networks.
COUNTIES: tuple[str, ...] = (
    "Itä-Uusimaa", "Keski-Uusimaa", "Länsi-Uusimaa", "Vantaa-Kerava", "Varsinais-Suomi",
    "Satakunta", "Kanta-Häme", "Pirkanmaa", "Päijät-Häme", "Kymenlaakso", "Etelä-Karjala",
    "Etelä-Savo", "Pohjois-Savo", "Pohjois-Karjala", "Keski-Suomi", "Etelä-Pohjanmaa",
    "Pohjanmaa", "Keski-Pohjanmaa", "Pohjois-Pohjanmaa", "Kainuu", "Lappi", "Helsinki",
    "Ahvenanmaa", "Valtakunnallinen LAPE", "Valtakunnallinen järjestöverkosto",
)  # fmt: skip
# Sotkanet's HYVINVOINTIALUE codes: the counties above are in the order of their codes 1-21.
COUNTY_CODES: dict[str, str] = {
    **{county: str(code) for code, county in enumerate(COUNTIES[:21], start=1)},
    "Helsinki": "90", "Ahvenanmaa": "91",
}  # fmt: skip

FIRST_NAMES: tuple[str, ...] = (
    "Aino", "Anna", "Eeva", "Elina", "Emilia", "Hanna", "Heidi", "Henna", "Iida", "Jenni",
    "Johanna", "Kaisa", "Katja", "Laura", "Maria", "Minna", "Noora", "Outi", "Päivi", "Riikka",
    "Sanna", "Satu", "Tiina", "Veera", "Antti", "Eero", "Heikki", "Jari", "Juha", "Jukka",
    "Kalle", "Lauri", "Markku", "Matti", "Mikko", "Olli", "Pekka", "Petri", "Sami", "Timo",
    "Tuomas", "Ville",
)  # fmt: skip
LAST_NAMES: tuple[str, ...] = (
    "Aalto", "Heikkinen", "Hiltunen", "Hämäläinen", "Jokinen", "Juntunen", "Karjalainen",
    "Kinnunen", "Koivisto", "Korhonen", "Koskinen", "Laine", "Lehtonen", "Leinonen",
    "Mattila", "Mäkelä", "Mäkinen", "Nieminen", "Niskanen", "Ojala", "Pietilä", "Rantanen",
    "Rautio", "Salminen", "Salo", "Tervo", "Turunen", "Virtanen", "Väisänen", "Ylitalo",
)  # fmt: skip
TITLES: tuple[str, ...] = (
    "Hyvinvointikoordinaattori", "Nuorisotyön päällikkö", "Sivistysjohtaja",
    "Perhekeskuskoordinaattori", "Rehtori", "Erityisasiantuntija", "Järjestökoordinaattori",
    "Perhetyön johtaja", "Opiskeluhuollon päällikkö", "Vapaa-aikapalvelujen päällikkö",
)  # fmt: skip

# Organisations of a place: (kind, name pattern); {place} is the municipality's name.
PLACE_ORGANISATIONS: tuple[tuple[str, str], ...] = (
    ("school", "{place}: yhtenäiskoulu"),
    ("school", "{place}: lukio"),
    ("ngo", "MLL:n paikallisyhdistys, {place} ry"),
    ("parish", "{place}: evankelisluterilainen seurakunta"),
    ("ngo", "{place}: urheiluseura ry"),
    ("ngo", "{place}: 4H-yhdistys ry"),
    ("other", "{place}: perhekeskus"),
    ("school", "{place}: varhaiskasvatus"),
    ("ngo", "{place}: nuorisoseura ry"),
    ("other", "{place}: nuorisovaltuusto"),
)

# Events: (title, category, RRULE or None, hour, duration in hours).
EVENT_KINDS: tuple[tuple[str, str, str | None, int, int], ...] = (
    ("Ohjausryhmän kokous", "Ohjausryhmä", "FREQ=MONTHLY;BYDAY=2TU", 13, 2),
    ("Työryhmän kokous", "Työryhmä", "FREQ=MONTHLY;BYDAY=1TH", 9, 2),
    ("Perhekeskusverkoston tapaaminen", "Perhekeskus", "FREQ=MONTHLY;INTERVAL=2;BYDAY=3WE", 12, 3),
    ("Nuorisovaltuuston kokous", "Osallisuus", "FREQ=MONTHLY;BYMONTHDAY=20", 17, 2),
    ("Hyvinvointikertomuksen valmistelu", "Hyvinvointikertomus",
     "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1", 9, 3),
    ("Kouluterveyskyselyn tulosten käsittely", "Tiedolla johtaminen",
     "FREQ=YEARLY;BYMONTH=9;BYDAY=2MO", 13, 3),
    ("Lasten oikeuksien viikko", "Osallisuus", "FREQ=YEARLY;BYMONTH=11;BYDAY=3MO", 8, 8),
    ("Talousarvion valmistelu", "Talous", "FREQ=YEARLY;BYMONTH=8;BYDAY=3TU", 10, 2),
    ("Hyvinvointiseminaari", "Seminaari", None, 9, 6),
    ("Vanhempainilta", "Perheet", None, 18, 2),
    ("Koulutustilaisuus", "Koulutus", None, 12, 3),
)  # fmt: skip

# Deadlines: (title, decision body, RRULE, month, day, milestone).
DEADLINE_KINDS: tuple[tuple[str, str, str, int, int, str], ...] = (
    ("Hyvinvointikertomus valtuustolle", "Kunnanvaltuusto",
     "FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=31", 5, 31, "Luonnos ohjausryhmälle"),
    ("Lasten ja nuorten hyvinvointisuunnitelma", "Aluevaltuusto",
     "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15", 12, 15, "Lausuntokierros"),
    ("Avustushaku päättyy", "Hyvinvointilautakunta",
     "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=28", 2, 28, "Hakuilmoitus"),
)  # fmt: skip

TEMPLATES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Kokouksen valmistelu", (("Esityslista", "-P7D"), ("Pöytäkirja", "P3D"))),
    ("Seminaarin järjestäminen", (("Tilavaraus", "-P60D"), ("Kutsu", "-P30D"),
                                  ("Palaute", "P7D"))),
)  # fmt: skip


ScaleName = Literal["small", "medium", "national"]


@dataclass(frozen=True)
class Scale:
    networks: int
    partners: int  # per network
    people_per_partner: int
    groups: int  # per network
    events: int  # per network
    deadlines: int  # per network
    feeds: int  # per network (one network feed, then group feeds)
    chunk: int = 200  # events per transaction


SCALES: dict[str, Scale] = {
    # The topology test: a few hundred rows, loaded in seconds.
    "small": Scale(networks=3, partners=12, people_per_partner=1, groups=3, events=30,
                   deadlines=3, feeds=2),
    # A tenth of Finland: what a laptop generates in minutes.
    "medium": Scale(networks=25, partners=40, people_per_partner=1, groups=6, events=400,
                    deadlines=6, feeds=4),
    # Finland: 25 networks, 10,000 partners, 100,000 events.
    "national": Scale(networks=25, partners=400, people_per_partner=1, groups=20, events=4000,
                      deadlines=40, feeds=20, chunk=500),
}  # fmt: skip


@dataclass
class NetworkResult:
    id: uuid.UUID
    name: str
    coordinator: dict[str, str]
    feeds: list[dict[str, str]] = field(default_factory=list)  # id, scope, token
    webhooks: list[dict[str, str]] = field(default_factory=list)  # id, url, secret
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class NationalResult:
    admin: dict[str, str]
    networks: list[NetworkResult]

    def as_json(self) -> dict[str, Any]:
        return {
            "admin": self.admin,
            "networks": [vars(network) | {"id": str(network.id)} for network in self.networks],
        }

    def totals(self) -> dict[str, int]:
        totals: dict[str, int] = {"networks": len(self.networks)}
        for network in self.networks:
            for key, value in network.counts.items():
                totals[key] = totals.get(key, 0) + value
        return totals


def first_on_or_after(rule: str, day: date, hour: int) -> datetime:
    """The rule's first occurrence at `hour` on or after `day`: a series starts there."""
    start = datetime.combine(day, time(hour))
    return rrulestr(rule, dtstart=start)[0]


def yearly_due(month: int, day: int, today: date) -> date:
    this_year = date(today.year, month, day)
    return this_year if this_year >= today else date(today.year + 1, month, day)
