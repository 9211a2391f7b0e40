"""Tables as files: CSV (UTF-8 with a byte-order mark, so a spreadsheet reads the Vietnamese
letters right) and XLSX (openpyxl), one sheet per table."""

from __future__ import annotations

import csv
import io
import re

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .tables import Table

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# A cell starting with one of these is read as a formula by spreadsheets (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(table: Table, title: str, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([title])
    writer.writerow(table.columns)
    writer.writerows([[_safe(v) for v in row] for row in table.rows])
    return _attachment(HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"), f"{filename}.csv")


def workbook(tables: list[Table], title: str) -> Workbook:
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in tables:
        name = SHEET_FORBIDDEN.sub(" ", table.title)[:31].strip()
        while name in used:
            name = name[:28] + f" {len(used)}"
        used.add(name)
        sheet = book.create_sheet(name)
        sheet.append([title])
        sheet.append([table.title])
        sheet.append(table.columns)
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        sheet["A1"].font = Font(bold=True, size=13)
        for row in table.rows:
            sheet.append([_safe(v) for v in row])
        for index, _column in enumerate(table.columns, start=1):
            width = max([len(str(table.columns[index - 1]))] + [len(str(row[index - 1])) for row in table.rows[:200]])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 80)
    return book


def xlsx_response(tables: list[Table], title: str, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    workbook(tables, title).save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), f"{filename}.xlsx")
