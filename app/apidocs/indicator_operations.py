# ruff: noqa: E501
"""What the indicator operations do, in plain language (merged into operations.OPERATIONS)."""

INDICATOR_OPERATIONS: dict[str, tuple[str, str]] = {
    "indicators-create": (
        "Follow an indicator",
        "An indicator the network follows for its partners' regions (municipalities by `municipality_code`, the wellbeing county by `wellbeing_county_code`, the whole country): from THL's Sotkanet by `sotkanet_id`, or `manual`.",
    ),
    "indicators-get-all": (
        "List the followed indicators",
        "The indicators of the caller's networks, each with its source, the state of its last refresh and its attribution.",
    ),
    "indicators-get": (
        "Get an indicator",
        "One indicator with its source, `data_updated`, `last_refreshed_at`, `last_error` and the attribution its licence asks for.",
    ),
    "indicators-update": (
        "Change an indicator",
        "Change names, unit, direction (`higher_is_better` / `lower_is_better`), description or gender; send `If-Match`.",
    ),
    "indicators-delete": (
        "Stop following an indicator",
        "Delete the indicator with its values and the measures' references to it.",
    ),
    "indicators-get-values": (
        "Read an indicator's values",
        "Values per region, year and gender, with the source's attribution (THL's data: CC BY 4.0).",
    ),
    "indicators-create-values": (
        "Enter values of a manual indicator",
        "Values for regions and years; the same region, year and gender replaces the value there. Announces `indicator.values_updated` with the years and regions changed.",
    ),
    "indicators-import-values": (
        "Enter values from a CSV file",
        "A CSV (`region_code;region_category;region_title;year;gender;value;absolute_value`) of a manual indicator; every row is valid or nothing is written.",
    ),
    "indicators-refresh": (
        "Refresh an indicator from Sotkanet",
        "Ask Sotkanet for the metadata and, only when `data-updated` moved (or the last refresh failed, or `force`), the values for the regions followed. A failing source keeps the values and records `last_error`.",
    ),
    "measures-create-indicator-link": (
        "Follow a measure with an indicator",
        "A measure's follow-up metric as an indicator, optionally for one region, with a baseline and a target.",
    ),
    "measures-get-all-indicator-links": (
        "List a measure's indicators",
        "The indicators that follow one measure, with baselines, targets and attribution.",
    ),
    "measures-delete-indicator-link": (
        "Stop following a measure with an indicator",
        "Remove the reference; the indicator and its values stay.",
    ),
    "indicators-get-situation": (
        "Get the shared situational picture",
        "Each followed indicator for each region with its trend and its direction-aware status against the measures' targets, and each plan's roll-up, with the sources' attributions: what an intranet's tilannekuva page shows.",
    ),
}
