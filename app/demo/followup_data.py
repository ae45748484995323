# ruff: noqa: E501 - seed rows read best one to a line
"""Demo plan follow-up, from the seed documents: Kymenlaakso's interim evaluation 2025 of the
children and youth welfare plan (seed 003), North Ostrobothnia's welfare agreement 2019-2025
(seed 004), Pyhäjärvi's partnership promise with its 2026-2028 steps (seed 000), and the
council-term cycle of 2025-2029."""

from datetime import date

# Seed 003 names its responsible parties by unit; in the demo they are working groups.
UNITS = (
    ("Peso", "Perhe- ja sosiaalipalvelut"),
    ("Tesa", "Terveys- ja sairaanhoitopalvelut"),
    ("Kunnat", "Alueen kuntien edustajat"),
    ("Lanupe-työryhmä", "Lasten ja nuorten palvelujen työryhmä"),
)
LNHS_TITLE = "Lasten ja nuorten hyvinvointisuunnitelma (Kymenlaakso)"
LNHS_ROUND = "Väliraportointi 2025"
LNHS_BODY = "Hyvinvoinnin ja terveyden edistämisen lautakunta"
LNHS_DUE = date(2025, 5, 8)
_G1 = "Yhteensovittava johtaminen"
_G2 = ("Päätöksenteko perustuu lapsivaikutusten arviointiin, lapsilähtöisyyteen sekä "
       "läpinäkyvyyteen kaikissa palveluissa")  # fmt: skip
_G3 = "Lasten ja perheiden palvelujen toiminta ja kehittäminen perustuu tiedolla johtamiseen"
_G4 = ("Yhdessä tekemisen toimintatavat ovat vahvat ja vaikuttavat sekä perustuvat yhteiseen "
       "systeemiseen ajatteluun perheen ja eri toimijoiden välillä")  # fmt: skip
_G5 = ("Lasten, nuorten ja perheiden peruspalvelujen toimintakyky ja vastuunkanto lasten ja "
       "nuorten hyvinvoinnista vahvistuu")  # fmt: skip
_G6 = ("Lastensuojelulla on vahva toimintakyky. Lastensuojelussa keskitytään viimesijaisen "
       "erityisen suojelutarpeen toteuttamiseen")  # fmt: skip
# Tavoite, Toimenpide, Vastuutaho, Seurantamittari, Toteutuminen, Kommentti
LNHS_TABLE = (
    (_G1, "Hyvinvointialueen ja kuntien pitkäjänteinen sitoutuminen eri suunnitelmien tavoitteisiin vaikuttaa suoraan alueen lasten ja nuorten hyvinvointiin ja lastensuojelun tarpeeseen.", "Peso, Tesa, Kunnat", "Sivi-sote tapaamiset; Peke-johtoryhmät; Alueellinen opiskeluhuoltotyöryhmät (kokousmäärä, toteutuminen)", "kyllä", "Toteutuu hyvin"),
    (_G1, "Suunnitelmat ja niiden tavoitteet ovat yhteensovitettuja ja niistä käydään jatkuvaa vuoropuhelua.", "Peso, Tesa", "Yhteensovitetut päätavoitteet lasten ja nuorten suunnitelmissa", "kyllä", ""),
    (_G1, "Tavoitteiden saavuttamista arvioidaan yhteisesti", "Lanupe-työryhmä", "Lasten hyte-tavoitteet", "osittain", "Valitut mittarit ja palautejärjestelmä puutteellisia"),
    (_G2, "Osallisuustyötä kehitetään aktiivisesti.", "Lanupe-työryhmä", "Toteutuneet arvioinnit", "ei", "Lapsivaikutusten arviointia ei ole vielä tehty hva:lla."),
    (_G3, "Hyödynnetään tutkimustietoa ja digitaalisia ratkaisuja. Mm. kasvuntuki.fi", "Peso, Tesa", "", "osittain", "Aloitettu yhteistyötä ITLA/UEF"),
    (_G4, "Moniammatillista työtä kehitetään. Yhteisövaikuttavuuden ja yhteisasiakasohjauksen avulla palvelut kohdentuvat paremmin.", "Lanupe-työryhmä", "Perhekeskus verkoston integraatiojohtaminen; Yhden kontaktin periaate kyllä/ei; Yhdessä sovittu käytännöntyön rakenne - oma tiimi-malli kyllä/ei", "osittain", "Työskentely on aloitettu lanupen alatyöryhmissä."),
    (_G5, "Peruspalvelut ovat riittävän vahvat ja toimivat lakisääteisellä tasolla", "Peso, Tesa, Kunnat", "Asiakasmitoitukset; Palveluun pääsy; Hoitoon pääsy", "osittain", "Osa lakisääteistä ja osassa palvelujen puutteet on tunnistettu."),
    (_G5, "Lasten ja nuorten päihde- ja mielenterveyspalveluita vahvistetaan", "Tesa, Lanupe-työryhmä", "Mieli-yksikkö käynnistyy kyllä/ei; Alaikäisten lasten päihdehoidon ja sen polun rakentaminen kyllä/ei", "osittain", "Mieli-yksikkö etenee. Alaikäisten päihdehoidon rakentaminen on kesken."),
    (_G6, "Lastensuojelutyötä kehitetään aktiivisesti kansallisen ohjauksen mukaisella tavalla", "Peso", "Tulevaisuusverkkoja nuorten tulevaisuuteen (TuTu) -hankkeen projektit", "osittain", "Käynnissä"),
    (_G6, "Lastensuojelun resurssi turvataan tarpeen mukaisesti vaikuttavan palvelun toteuttamiseksi", "Peso", "Palvelutarpeen arvioinnit; Asiakasmitoitus 30 lasta/sos.tt", "kyllä", "Toteutuu"),
)  # fmt: skip

AGREEMENT_TITLE = "Pohjois-Pohjanmaan hyvinvointisopimus 2019-2025"
AGREEMENT_DESCRIPTION = "Oppiminen ja kasvu ovat hyvinvointia. Visio 2050: Pohjois-Pohjanmaa on pohjoisen kasvun ja hyvinvoinnin veturi."
AGREEMENT_PARTIES = ("oulu", "raahe", "kuusamo", "pyhajarvi", "ylivieska", "nivala", "kempele",
                     "avi", "pohde", "liitto")  # fmt: skip
# "Kuntalaisten hyvinvoinnin edistämiseksi lupaudumme": goal → measures (responsible group key)
AGREEMENT_GOALS = (
    ("Laaja ja monialainen hyvinvointityö eri hallinnonalojen yhteistyötä vahvistamalla", (
        "Osallistetaan ja kehitetään sivistys- sekä sosiaali- ja terveysjohtajien verkostojen toimintaa",
        "Hyvinvointi- ja järjestöyhdyshenkilöiden sekä kulttuurihyvinvointiverkoston yhteistyö on kiinteä osa hyvinvointiekosysteemiä",
    )),
    ("Maakunnallisen hyvinvointityön yhteiskehittäminen", (
        "Vuosittain kuntien talous- ja toimintasuunnittelua tukeva hyvinvoinnin tilannekuvaseminaari",
        "Pohjois-Pohjanmaan hyvinvointifoorumi välittää hyviä käytäntöjä ja vahvistaa osaamista",
        "Otetaan käyttöön valtuustokausi- ja vuosikello",
    )),
    ("Yhteistyö paikallisten ja alueellisten kumppanien kanssa", (
        "Jokainen kunta määrittelee yhdessä tekemisen ja kehittämisen tavat sekä hyvinvointikumppanuuden",
    )),
    ("Avoin verkostoyhteistyö, jossa kumppanuus tuo lisäarvoa kaikille", (
        "Maakunta toimii strategisena veturina, kokonaisvaltaisena hyvinvoinnin edistäjänä ja tiedon tuottajana",
    )),
    ("Yhteisiin hyvinvoinnin mittareihin perustuva tiedolla johtaminen", (
        "Sovitaan yhteisistä mittareista ja arvioinnin keinoista",
    )),
    ("Sähköiset palvelut hyvinvoinnin ja terveyden edistämiseksi", (
        "Kehitetään sähköisiä palveluja ja vahvistetaan kuntalaisten digivalmiuksia",
    )),
)  # fmt: skip

PROMISE_TITLE = "Lasten ja nuorten hyvän kasvun visio 2030: Pyhäjärven kumppanuuslupaus"
PROMISE_STEPS = (
    ("Kohti toimeenpanoa 2026", (
        "Vahvistetaan alueellisia ja paikallisia monialaisia perhekeskuksen johtorakenteita (keskeisten prosessien kuvaukset)",
        "Elvytetään maakunnallinen johtorakenne (hyvinvointialue, kunnat, 1. ja 3. sektori, valmisteleva työryhmä)",
        "Sisällytetään LAPE-visio maakuntaohjelmaan sekä kuntien ja hyvinvointialueen hyvinvointisuunnitelmiin",
        "Koulutukset alueellisille johtotiimeille K2026 ja S2026",
        "Muodostetaan yhteinen LAPE-tilannekuva ja tiedon analysoinnin resurssi",
        "Syksy 2026: tiedolla johtamisen prosessikuvaukset",
    )),
    ("Kohti toimeenpanoa 2027", (
        "Määritellään keskeiset, vaikuttavat toimenpiteet hyvinvointialueen ja kuntien talousarvioihin",
        "Kehitetään edelleen perhekeskuksen monialaista konseptia, konsultointipisteitä ja yhteisövaikuttavuutta",
    )),
    ("Kohti toimeenpanoa 2028", (
        "Määritellään konkreettiset mitattavat tavoitteet ja varmistetaan tiedon virtaaminen yhteiseen tilannekuvaan ja talousarvioon",
        "Luodaan tutkittuun tietoon perustuvia kehittämispilotteja ja laajennetaan kokeilujen kautta",
    )),
)  # fmt: skip
PROMISE_ROUNDS = (("Seuranta 2026", date(2027, 1, 26)), ("Seuranta 2027", date(2028, 1, 25)),
                  ("Seuranta 2028", date(2029, 1, 30)))  # fmt: skip

TERM_NAME = "Valtuustokausi 2025-2029"
TERM_START, TERM_END = date(2025, 6, 1), date(2029, 5, 31)
CYCLE_NAME = "Valtuustokausikello"
CYCLE_ITEMS = (
    {"title": "Laaja hyvinvointikertomus ja -suunnitelma valtuuston hyväksyttäväksi",
     "decision_body": "Kunnanvaltuusto", "term_year": 1, "month": 12, "day": 15,
     "milestones": [{"name": "Hyvinvointiryhmän luonnos", "offset": "-P60D"},
                    {"name": "Lautakuntakäsittely", "offset": "-P30D"}]},
    {"title": "Vuosittainen hyvinvointiraportti valtuustolle", "decision_body": "Kunnanvaltuusto",
     "every_year": True, "month": 5, "day": 15,
     "milestones": [{"name": "Tilastot ja indikaattorit koottu", "offset": "-P45D"}]},
    {"title": "Lasten ja nuorten hyvinvointisuunnitelman uusiminen (vähintään 4 vuoden välein)",
     "decision_body": "Kunnanvaltuusto", "term_year": 2, "month": 12, "day": 15,
     "milestones": [{"name": "Lapsivaikutusten arviointi", "offset": "-P60D"}]},
    {"title": "Hyvinvointisuunnitelman toimenpiteet talousarvioon", "decision_body": "Kunnanvaltuusto",
     "every_year": True, "month": 11, "day": 30,
     "milestones": [{"name": "Hyvinvoinnin tilannekuvaseminaari", "offset": "-P75D"}]},
)  # fmt: skip
