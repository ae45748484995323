"""The wellbeing counties (hyvinvointialueet) by the code Sotkanet gives them in its region
category HYVINVOINTIALUE: Statistics Finland's wellbeing county codes without the leading zero
(01 → "1"), with Helsinki (90) and Åland (91), which Sotkanet lists in the same category."""

NAMES: dict[str, str] = {
    "1": "Itä-Uudenmaan hyvinvointialue",
    "2": "Keski-Uudenmaan hyvinvointialue",
    "3": "Länsi-Uudenmaan hyvinvointialue",
    "4": "Vantaan ja Keravan hyvinvointialue",
    "5": "Varsinais-Suomen hyvinvointialue",
    "6": "Satakunnan hyvinvointialue",
    "7": "Kanta-Hämeen hyvinvointialue",
    "8": "Pirkanmaan hyvinvointialue",
    "9": "Päijät-Hämeen hyvinvointialue",
    "10": "Kymenlaakson hyvinvointialue",
    "11": "Etelä-Karjalan hyvinvointialue",
    "12": "Etelä-Savon hyvinvointialue",
    "13": "Pohjois-Savon hyvinvointialue",
    "14": "Pohjois-Karjalan hyvinvointialue",
    "15": "Keski-Suomen hyvinvointialue",
    "16": "Etelä-Pohjanmaan hyvinvointialue",
    "17": "Pohjanmaan hyvinvointialue",
    "18": "Keski-Pohjanmaan hyvinvointialue",
    "19": "Pohjois-Pohjanmaan hyvinvointialue",
    "20": "Kainuun hyvinvointialue",
    "21": "Lapin hyvinvointialue",
    "90": "Helsingin kaupunki",
    "91": "Ahvenanmaa",
}


def normalise_wellbeing_county_code(value: str) -> str:
    """Validate a wellbeing county code and return it as Sotkanet writes it ("019" → "19")."""
    text = value.strip()
    # ASCII digits only: str.isdigit alone would also accept, say, Arabic-Indic digits.
    code = text.lstrip("0") if text.isascii() and text.isdigit() else ""
    if code in NAMES:
        return code
    raise ValueError(
        "a wellbeing county code is Sotkanet's HYVINVOINTIALUE code: 1-21 (for example 19, "
        "Pohjois-Pohjanmaan hyvinvointialue), 90 Helsinki or 91 Ahvenanmaa"
    )
