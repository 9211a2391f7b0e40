"""A report table: what the page shows, the chart draws and the exports write."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Table:
    key: str  # in the download address: ?bang=key
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    chart: bool = True  # a bar chart of the first two columns beside the table
    note: str = ""

    @property
    def total(self) -> int:
        return sum(row[1] for row in self.rows if isinstance(row[1], int))

    @property
    def chart_rows(self) -> list[tuple[str, int]]:
        return [(str(row[0]), row[1]) for row in self.rows if isinstance(row[1], int)]
