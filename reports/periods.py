"""Reporting periods as a commission names them: "Tháng 3/2025", "Quý I/2025", "Năm 2025".

A period comes from the query string: ``nam`` (year), with ``quy`` (1–4) or ``thang``
(1–12); nothing given means the year of the newest published article (the current year
on a site that publishes, the archive's last year on one that holds only an archive). Bounds are local dates (Asia/Ho_Chi_Minh),
turned into aware datetimes [start, end) for filtering ``published_at``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
FIRST_YEAR = 1990


class PeriodError(ValueError):
    """A period the query string asks for that cannot be (message in Vietnamese)."""


def quarter_label(year: int, quarter: int) -> str:
    return _("Quý %(q)s/%(year)s") % {"q": ROMAN[quarter], "year": year}


def month_label(year: int, month: int) -> str:
    return _("Tháng %(month)s/%(year)s") % {"month": month, "year": year}


def year_label(year: int) -> str:
    return _("Năm %(year)s") % {"year": year}


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int | None = None
    month: int | None = None

    @property
    def first_day(self) -> datetime.date:
        if self.month:
            return datetime.date(self.year, self.month, 1)
        if self.quarter:
            return datetime.date(self.year, 3 * self.quarter - 2, 1)
        return datetime.date(self.year, 1, 1)

    @property
    def next_first_day(self) -> datetime.date:
        if self.month:
            return datetime.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        if self.quarter:
            return datetime.date(self.year + self.quarter // 4, (3 * self.quarter) % 12 + 1, 1)
        return datetime.date(self.year + 1, 1, 1)

    @property
    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        zone = timezone.get_current_timezone()
        return (
            datetime.datetime.combine(self.first_day, datetime.time(), tzinfo=zone),
            datetime.datetime.combine(self.next_first_day, datetime.time(), tzinfo=zone),
        )

    @property
    def label(self) -> str:
        if self.month:
            return month_label(self.year, self.month)
        if self.quarter:
            return quarter_label(self.year, self.quarter)
        return year_label(self.year)

    @property
    def slug(self) -> str:
        """For file names: "quy-1-2025", "thang-3-2025", "nam-2025"."""
        if self.month:
            return f"thang-{self.month}-{self.year}"
        if self.quarter:
            return f"quy-{self.quarter}-{self.year}"
        return f"nam-{self.year}"

    @property
    def query(self) -> dict[str, int]:
        data = {"nam": self.year}
        if self.quarter:
            data["quy"] = self.quarter
        if self.month:
            data["thang"] = self.month
        return data


def _number(params, name: str, low: int, high: int, message: str) -> int | None:
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise PeriodError(message)
    return int(raw)


def period_from(params, default_year: int | None = None) -> Period:
    today = timezone.localdate()
    year = _number(
        params, "nam", FIRST_YEAR, today.year + 1, _("Năm phải từ %(low)s đến %(high)s.") % {"low": FIRST_YEAR, "high": today.year + 1}
    )
    quarter = _number(params, "quy", 1, 4, _("Quý phải là I, II, III hoặc IV (1–4)."))
    month = _number(params, "thang", 1, 12, _("Tháng phải từ 1 đến 12."))
    if quarter and month:
        raise PeriodError(_("Chọn quý hoặc tháng, không chọn cả hai."))
    return Period(year or default_year or today.year, quarter, month)


def choices(today: datetime.date | None = None) -> dict:
    """What the period form offers: years with data up to next year, quarters, months."""
    today = today or timezone.localdate()
    return {
        "years": list(range(today.year, FIRST_YEAR - 1, -1)),
        "quarters": [(q, ROMAN[q]) for q in ROMAN],
        "months": list(range(1, 13)),
    }
