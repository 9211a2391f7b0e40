"""Find English interface words in an admin page's visible text (for test_admin_vietnamese)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Words and phrases of Django's, django-reversion's and django-taggit's English interface.
# Matched case-sensitively as whole words: an editor's Vietnamese never contains them.
ENGLISH = [
    "Add",
    "Save",
    "Delete",
    "Remove",
    "Change",
    "View",
    "Filter",
    "Search",
    "History",
    "Choose",
    "Please",
    "Show",
    "Hide",
    "Recover",
    "Revert",
    "Password",
    "Can add",
    "Can change",
    "Can delete",
    "Can view",
    "Select",
    "Log in",
    "Log out",
    "Home",
    "Action",
    "Go",
    "Yes",
    "No",
    "Clear",
    "Today",
    "Now",
    "Username",
    "Enter",
    "Welcome",
    "Documentation",
    "Date",
    "Comment",
    "Object",
    "User",
    "Users",
    "Group",
    "Groups",
    "Permissions",
    "Staff",
    "Active",
    "Superuser",
    "Email",
    "First name",
    "Last name",
    "Important dates",
    "Reset",
    "Submit",
    "Cancel",
    "Back",
    "Unknown",
    "All",
    "Any date",
    "Past 7 days",
    "This month",
    "This year",
    "results",
    "result",
    "selected",
    "total",
    "None",
    "Tags",
    "Name",
    "Slug",
    "Content type",
    "Object id",
    "Tagged",
    "Authentication",
    "Currently",
    "Raw",
    "Note",
    "Are you sure",
    "Yes, I'm sure",
    "Summary",
    "Objects",
    "Models",
    "Recent actions",
    "My actions",
    "available",
    "Available",
    "Chosen",
    "Authentication and Authorization",
    "Reversion",
    "Revision",
    "Version",
    "Versions",
    "Recent",
    "Previous",
    "Next",
    "Page",
    "Close",
    "Edit",
    "deleted",
    "Deleted",
    "Author",
    "Status",
    "Title",
    "Created",
    "Updated",
    "reverted",
    "Reverted",
    "Initial version",
    "Password-based",
    "Enabled",
    "Disabled",
    "Last login",
    "Date joined",
    "Personal info",
    "Description",
    "Empty",
    "Not empty",
    "Run",
    "Run the selected action",
    "of",
    "and",
    "or",
    "the",
    "to",
    "from",
    "by",
    "with",
    "for",
    "this",
    "You",
]
# Words the stock Vietnamese catalogues use that a newsroom does not ("Bản ghi nhớ" is a
# memorandum, not a history; "Thêm vào" is "add into").
AWKWARD = ["Bản ghi nhớ", "Thêm vào", "Lưu lại", "Hiện ra", "Dấu đi", "Đi đến", "Thoát", "Bắt đầu hành động"]
_PATTERN = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, ENGLISH), key=len, reverse=True)) + r")(?![\w-])")
_SKIP = {"script", "style", "textarea", "noscript", "template"}  # code, and what the editor typed


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in _SKIP:
            self._skipping += 1
        elif tag == "input" and attributes.get("type") in {"submit", "button", "reset"} and attributes.get("value"):
            self.chunks.append(attributes["value"])  # a button's label is what the editor reads
        elif attributes.get("placeholder"):
            self.chunks.append(attributes["placeholder"])

    def handle_endtag(self, tag):
        if tag in _SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.chunks.append(" ".join(data.split()))


def visible_text(html: str) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    return parser.chunks


def english_in(html: str, *, allowed: tuple[str, ...] = ()) -> list[str]:
    """Every chunk of visible text holding an English interface word (``allowed`` chunks aside:
    the data on the page, such as a user's name)."""
    return [chunk for chunk in visible_text(html) if chunk not in allowed and _PATTERN.search(chunk)]
