"""What the results page's query string may ask for, read once and checked.

``?q=`` the words; ``?loai=`` a kind (Vietnamese words, like the other lists); ``?tu=`` and
``?den=`` a date range (dd/mm/yyyy, or yyyy-mm-dd as a date field sends it); ``?chuyen-muc=``
a section's slug; ``?sap-xep=moi-nhat`` newest first instead of most relevant; ``?trang=``
the page. A value that cannot be read is dropped with a message saying so: the search
still runs with the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import quote, urlencode

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.querystring import PAGE_PARAM

from .models import SearchEntry

Kind = SearchEntry.Kind

#: ?loai= word → the kinds it shows, and its label on the page (in this order).
KINDS: dict[str, tuple[tuple[str, ...], str]] = {
    "bai-viet": ((Kind.ARTICLE,), gettext_lazy("Bài viết")),
    "van-ban": ((Kind.DOCUMENT,), gettext_lazy("Văn bản")),
    "to-chuc": ((Kind.ORGANIZATION,), gettext_lazy("Tổ chức")),
    "mo-hinh": ((Kind.EXEMPLAR,), gettext_lazy("Mô hình")),
    "anh-video": ((Kind.ALBUM, Kind.VIDEO), gettext_lazy("Ảnh, video")),
    "trang": ((Kind.PAGE,), gettext_lazy("Trang")),
}
KIND_WORD = {kind: word for word, (kinds, _label) in KINDS.items() for kind in kinds}

SORT_PARAM = "sap-xep"
BY_DATE = "moi-nhat"
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")


def _date(value: str) -> date | None:
    value = value.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


@dataclass
class SearchParams:
    q: str = ""
    kind: str = ""
    start: date | None = None
    end: date | None = None
    section: str = ""
    by_date: bool = False
    page: str | None = None
    errors: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, data: QueryDict) -> SearchParams:
        params = cls(q=data.get("q", ""), page=data.get(PAGE_PARAM))
        kind = data.get("loai", "").strip()
        if kind in KINDS:
            params.kind = kind
        elif kind:
            params.errors.append(_("Không có loại kết quả “%(loai)s”: đang hiện mọi loại.") % {"loai": kind[:40]})
        for name, attr, label in (("tu", "start", _("Từ ngày")), ("den", "end", _("Đến ngày"))):
            raw = data.get(name, "").strip()
            if not raw:
                continue
            value = _date(raw)
            if value is None:
                params.errors.append(
                    _("%(label)s “%(value)s” không đọc được; nhập theo dạng ngày/tháng/năm, ví dụ 03/06/2013.")
                    % {"label": label, "value": raw[:40]}
                )
            else:
                setattr(params, attr, value)
        if params.start and params.end and params.start > params.end:
            params.errors.append(_("“Từ ngày” sau “Đến ngày”: đã đổi chỗ hai ngày."))
            params.start, params.end = params.end, params.start
        params.section = data.get("chuyen-muc", "").strip()[:140]
        params.by_date = data.get(SORT_PARAM) == BY_DATE
        return params

    @property
    def kinds(self) -> tuple[str, ...]:
        return KINDS[self.kind][0] if self.kind else ()

    @property
    def narrowed(self) -> bool:
        """Dates or a section: only dated records (articles, documents, albums, videos) or articles."""
        return bool(self.start or self.end or self.section)

    def query_string(self, **changes) -> str:
        """This search's query string with ``changes`` (None drops a parameter); never the page
        unless given."""
        values = {
            "q": self.q,
            "loai": self.kind,
            "tu": self.start.strftime("%d/%m/%Y") if self.start else "",
            "den": self.end.strftime("%d/%m/%Y") if self.end else "",
            "chuyen-muc": self.section,
            SORT_PARAM: BY_DATE if self.by_date else "",
        }
        values.update({k.replace("_", "-"): v for k, v in changes.items()})
        # %20 for spaces, as the other lists' links write them.
        return urlencode([(name, str(value)) for name, value in values.items() if value], quote_via=quote)
