"""Vietnamese date formats: day before month, always.

Django's own ``vi`` locale ships no DATE_INPUT_FORMATS, so without this module an
editor typing 06/10/2021 gets the 10th of June. strptime's %d and %m accept one or two
digits, so "6/10/2021" parses too.
"""

DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "H:i d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "d/m"
YEAR_MONTH_FORMAT = "m/Y"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 06/10/2021, 6/10/2021 — the first entry is what the admin calendar writes
    "%d-%m-%Y",  # 06-10-2021
    "%d.%m.%Y",  # 06.10.2021
    "%d/%m/%y",  # 06/10/21
    "%Y-%m-%d",  # 2021-10-06 (ISO, from APIs and fixtures)
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
