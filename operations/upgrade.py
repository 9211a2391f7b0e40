"""``make upgrade`` (``manage.py upgrade``): back up, migrate, collect static files, then
reload gunicorn gracefully (SIGHUP to the master named in ``GUNICORN_PID_FILE``: new
workers start with the new code, the old ones finish their requests). Each step runs only
if the one before it succeeded; a failed migration says how to go back to the backup."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from .archive import ArchiveError
from .backup import make_backup


class UpgradeFailed(Exception):
    pass


def reload_gunicorn(pid_file: Path) -> str:
    """Ask the gunicorn master to reload; the message says what happened."""
    try:
        text = pid_file.read_text().strip()
    except FileNotFoundError:
        return (
            f"Không thấy tệp pid {pid_file}: gunicorn không chạy từ đây. Hãy tự khởi động lại dịch vụ "
            "(ví dụ: systemctl reload danvan) để máy chủ chạy mã mới."
        )
    try:
        pid = int(text)
        os.kill(pid, signal.SIGHUP)
    except ValueError:
        raise UpgradeFailed(f"Tệp pid {pid_file} không chứa số tiến trình ({text!r}).") from None
    except ProcessLookupError:
        raise UpgradeFailed(f"Tệp pid {pid_file} chỉ tới tiến trình {pid} đã dừng: hãy khởi động lại gunicorn.") from None
    return f"Đã yêu cầu gunicorn (tiến trình {pid}) nạp lại mã mới."


def upgrade(*, write, pid_file: Path | None = None) -> Path:
    """Run the four steps, writing one line per step; returns the backup taken."""
    pid_file = Path(pid_file or settings.GUNICORN_PID_FILE)
    try:
        backup = make_backup()
    except ArchiveError as error:
        raise UpgradeFailed(f"Sao lưu thất bại, không nâng cấp: {error}") from None
    write(f"1/4 Đã sao lưu: {backup.path}")
    try:
        call_command("migrate", interactive=False, verbosity=0)
    except Exception as error:
        raise UpgradeFailed(
            f"Migration thất bại: {error}. Trang vẫn chạy mã cũ. Để quay lại: cài lại phiên bản mã trước, rồi chạy "
            f"manage.py restore --force {backup.path}"
        ) from error
    write("2/4 Đã chạy migration.")
    try:
        call_command("collectstatic", interactive=False, verbosity=0)
    except Exception as error:
        raise UpgradeFailed(
            f"collectstatic thất bại: {error}. Migration đã chạy xong; sửa lỗi rồi chạy manage.py collectstatic --noinput "
            "và nạp lại gunicorn (chưa nạp lại: các tiến trình đang chạy vẫn dùng mã cũ)."
        ) from error
    write("3/4 Đã thu thập tệp tĩnh (collectstatic).")
    write(f"4/4 {reload_gunicorn(pid_file)}")
    return backup.path
