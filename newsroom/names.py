"""People's names in Vietnamese order.

Django keeps a user's name as ``first_name`` and ``last_name`` and prints "first last".
A Vietnamese name reads family name, middle name(s), given name: "Nguyễn Văn Minh". The
newsroom stores the given name ("Minh", what colleagues call each other, and what the
admin's "Xin chào, …" greets with) in ``first_name`` and the family and middle names
("Nguyễn Văn") in ``last_name``, and shows and edits them as one "Họ và tên".
"""

from __future__ import annotations

from danvan.text import normalize_line


def full_name(user) -> str:
    """ "Nguyễn Văn Minh", or the account name when no name is given."""
    if user is None:
        return ""
    name = " ".join(part for part in (user.last_name, user.first_name) if part)
    return name or user.get_username()


def split_full_name(text: str) -> tuple[str, str]:
    """ "Nguyễn Văn Minh" → ("Minh", "Nguyễn Văn"): (first_name, last_name)."""
    parts = normalize_line(text).split()
    if not parts:
        return "", ""
    return parts[-1], " ".join(parts[:-1])
