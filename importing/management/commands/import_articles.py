"""Import articles: scraped text, saved HTML pages, WordPress exports, RSS/Atom. The work lives in ``importing``."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from articles.models import Article, Section
from danvan.text import normalize_line
from importing.detect import FORMATS, MANY_PER_FILE, detect
from importing.entries import import_entry_file
from importing.files import find_files
from importing.load import FileResult, Importer, ImportOptions, RunResult, import_files
from importing.mapping import MappingError, SectionMapping, load_mapping
from organizations.models import Organization

DEFAULT_SECTION = "tin-hoat-dong"
PROGRESS_FROM = 20  # files; shorter runs print no bar


# What the old category and tag addresses became (a WordPress export's; see importing/oldaddresses.py).
OLD_ADDRESS_COUNTS = ("created", "updated", "unchanged", "kept", "unmapped")


class Command(BaseCommand):
    help = (
        "Nhập bài viết từ tệp văn bản, tệp xuất WordPress (WXR) hoặc tệp RSS/Atom (tệp, thư mục hoặc mẫu glob). "
        "Chạy lại không tạo bản trùng; "
        "tệp lỗi được bỏ qua kèm lý do và lệnh trả mã lỗi khác 0."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Tệp, thư mục (tìm *.txt) hoặc mẫu glob.")
        parser.add_argument("--dry-run", action="store_true", help="Đọc và báo cáo, không ghi gì vào cơ sở dữ liệu.")
        parser.add_argument(
            "--section",
            help=f"Chuyên mục cho bài mới (đường dẫn hoặc tên). Không ghi thì theo tệp ánh xạ, rồi quy tắc chuyên mục, "
            f"cuối cùng là {DEFAULT_SECTION} nếu có.",
        )
        parser.add_argument(
            "--publisher",
            metavar="CƠ_QUAN",
            help="Cơ quan có cổng thông tin cũ (đường dẫn hoặc tên chính thức), ghi vào bài làm dòng “Nguồn:”.",
        )
        parser.add_argument("--status", choices=Article.Status.values, default=Article.Status.PUBLISHED, help="Trạng thái của bài mới.")
        parser.add_argument("--format", choices=["text", "json"], default="text", help="Dạng báo cáo.")
        parser.add_argument("--pattern", default="*.txt", help="Mẫu tên tệp khi PATH là thư mục (mặc định *.txt).")
        parser.add_argument(
            "--input-format",
            choices=FORMATS,
            default="auto",
            help="Dạng tệp nhập: auto (nhận ra theo từng tệp), text, html, wxr (tệp xuất WordPress), feed (RSS/Atom).",
        )
        parser.add_argument(
            "--mapping",
            metavar="TỆP",
            help="Tệp TOML ánh xạ chuyên mục cũ / đường dẫn cũ → chuyên mục (xem importing/README.md).",
        )
        parser.add_argument(
            "--time-budget",
            type=float,
            metavar="GIÂY",
            help="Số giây tối đa để đọc và phân tích một tệp; quá thì dừng tệp đó và báo lỗi "
            "(mặc định IMPORT_FILE_SECONDS; 0: không giới hạn).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self._import(**options)
        except KeyboardInterrupt:
            # One line, not a traceback: the batches already committed stay, the one being
            # written was rolled back, and running the command again goes on from there.
            self.stderr.write(
                "Đã dừng theo yêu cầu (Ctrl-C): các tệp đã nhập vẫn được giữ, lô đang ghi dở bị hủy; chạy lại lệnh để nhập tiếp."
            )
            raise SystemExit(130) from None

    def _import(
        self,
        *,
        paths: list[str],
        dry_run: bool,
        section: str | None,
        publisher: str | None,
        status: str,
        format: str,
        pattern: str,
        time_budget: float | None,
        verbosity: int,
        input_format: str = "auto",
        mapping: str | None = None,
        **options: Any,
    ) -> None:
        chosen = self._section(section)
        sections_mapping = self._mapping(mapping)
        body = self._publisher(publisher) if publisher else None
        discovery = find_files(paths, pattern=pattern)
        total = len(discovery.files)
        bar = None
        if verbosity >= 1 and total >= PROGRESS_FROM and format == "text":
            from tqdm import tqdm

            bar = tqdm(total=total, unit="tệp", file=sys.stderr, disable=None)

        def on_result(result: FileResult) -> None:
            if bar is not None:
                bar.update(1)
            if format == "text" and verbosity >= 2:
                self._line(result, verbosity)

        default = Section.objects.filter(slug=DEFAULT_SECTION).first()
        options = ImportOptions(
            section=chosen, default_section=default, publisher=body, status=status, dry_run=dry_run, time_budget=time_budget
        )
        # Each file with its format; a saved page (html) is read one article per file, as text is.
        sources = [(source, detect(source.path) if input_format == "auto" else input_format) for source in discovery.files]
        unmapped: Counter = Counter()
        old_addresses: Counter = Counter()
        try:
            single = [dataclasses.replace(source, format=kind) for source, kind in sources if kind not in MANY_PER_FILE]
            run = import_files(single, options=options, on_result=on_result)
            many = [(source, kind) for source, kind in sources if kind in MANY_PER_FILE]
            if many:
                importer = Importer(options=options)
                sections = {s.slug: s for s in Section.objects.all()}
                for source, kind in many:
                    entries = import_entry_file(source, kind, importer, mapping=sections_mapping, sections=sections, on_result=on_result)
                    run.files.extend(entries.results)
                    unmapped.update(entries.unmapped)
                    old_addresses.update(entries.old_addresses)
        finally:
            if bar is not None:
                bar.close()
        for argument, reason in discovery.missing:
            run.files.append(FileResult(path=argument, key=argument, outcome="failed", reason=reason))

        if format == "json":
            payload = {
                "dry_run": dry_run,
                "summary": dict(run.counts),
                "files": [f.as_dict() for f in run.files],
                "unmapped_categories": dict(unmapped.most_common()),
                "old_addresses": {k: old_addresses[k] for k in OLD_ADDRESS_COUNTS},
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        elif verbosity >= 1:
            self._summary(run, dry_run=dry_run, verbosity=verbosity)
            for label, count in unmapped.most_common():
                self.stdout.write(f"Chuyên mục cũ chưa ánh xạ: {label} ({count} bài, vào chuyên mục mặc định)")
            if any(old_addresses.values()):
                c = old_addresses
                self.stdout.write(
                    f"Địa chỉ cũ của chuyên mục, từ khóa → chuyển hướng: tạo mới {c['created']}, cập nhật {c['updated']}, "
                    f"không đổi {c['unchanged']}, giữ như biên tập viên đặt {c['kept']}, không có đích {c['unmapped']}"
                )
        if run.failures:
            raise CommandError(f"{len(run.failures)} tệp không nhập được.", returncode=1)

    def _section(self, value: str | None) -> Section | None:
        if value is None:
            return None  # the mapping file, then the section rules, then DEFAULT_SECTION choose
        found = Section.objects.filter(Q(slug=value) | Q(name__iexact=value)).first()
        if found is None:
            known = ", ".join(Section.objects.values_list("slug", flat=True)) or "(chưa có chuyên mục nào)"
            raise CommandError(f"Không có chuyên mục “{value}”. Có: {known}")
        return found

    def _mapping(self, path: str | None) -> SectionMapping:
        if path is None:
            return SectionMapping()
        try:
            mapping = load_mapping(path)
        except MappingError as error:
            raise CommandError(str(error)) from None
        missing = sorted(mapping.slugs - set(Section.objects.filter(slug__in=mapping.slugs).values_list("slug", flat=True)))
        if missing:
            raise CommandError(f"Tệp ánh xạ trỏ tới chuyên mục không có: {', '.join(missing)}")
        return mapping

    def _publisher(self, value: str) -> Organization:
        found = list(Organization.objects.filter(Q(slug=value) | Q(name__iexact=normalize_line(value))).order_by("slug")[:2])
        if not found:
            raise CommandError(
                f"Không có cơ quan “{value}” trong danh sách tổ chức. Thêm cơ quan ở trang quản trị hoặc dùng đúng đường dẫn của nó."
            )
        if len(found) > 1:
            raise CommandError(f"Có nhiều cơ quan tên “{value}”: {', '.join(o.slug for o in found)}. Hãy dùng đường dẫn của cơ quan.")
        return found[0]

    def _line(self, result: FileResult, verbosity: int) -> None:
        style = {"created": self.style.SUCCESS, "updated": self.style.WARNING, "failed": self.style.ERROR}.get(result.outcome, str)
        detail = result.reason if result.outcome == "failed" else result.title
        self.stdout.write(style(f"{result.outcome:9} {result.key}: {detail}"))
        if verbosity >= 3:
            for note in [
                *result.warnings,
                *(f"chưa xác định: {u}" for u in result.unresolved),
                *(f"tạo văn bản cần rà soát: {s}" for s in result.documents_created),
            ]:
                self.stdout.write(f"          - {note}")

    def _summary(self, run: RunResult, *, dry_run: bool, verbosity: int) -> None:
        counts = run.counts
        prefix = "[chạy thử, không ghi] " if dry_run else ""
        self.stdout.write(
            f"{prefix}Tạo mới: {counts['created']}, cập nhật: {counts['updated']}, "
            f"không đổi: {counts['unchanged']}, lỗi: {counts['failed']}" + (f", bỏ qua: {counts['skipped']}" if counts["skipped"] else "")
        )
        for skipped in (r for r in run.files if r.outcome == "skipped"):
            if verbosity >= 2:
                self.stdout.write(f"BỎ QUA {skipped.key}: {skipped.reason}")
        for held in (r for r in run.files if r.held_back):
            self.stdout.write(self.style.WARNING(f"GIỮ LẠI {held.key}: {held.held_back}"))
        for failure in run.failures:
            self.stderr.write(self.style.ERROR(f"LỖI {failure.key}: {failure.reason}"))
