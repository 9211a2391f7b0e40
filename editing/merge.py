"""A refused stale save, settled field by field: what the other person changed, and the
editor's choice for each field (keep mine, take theirs, or merge the text).

Values are compared as the form posts them, so "take theirs" is their value put back into
the posted form, and the form then saves as usual: nothing is retyped. Text is merged by
paragraph against the version both started from (django-reversion keeps it); a paragraph
both changed keeps both versions, the editor's first, and the editor is told.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from types import SimpleNamespace

from django import forms
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from reversion.models import Version
from taggit.utils import edit_string_for_tags, parse_tags

from danvan.html import sanitize_html
from newsroom.models import RevisionTags

MINE, THEIRS, MERGE = "mine", "theirs", "merge"
MERGEABLE = {"lead", "body", "caption"}  # prose: merged by paragraph
HTML_FIELDS = {"body"}
PHOTO_TEXT = ("caption", "credit", "alt_text", "order", "after_paragraph")
_BLOCK_END = re.compile(r"(</(?:p|h[2-6]|ul|ol|li|blockquote|figure|table|tr|div)>)", re.IGNORECASE)


@dataclass
class Conflict:
    name: str  # the posted name: "body", "photos-0-caption"
    label: str
    mine: list[str]
    theirs: list[str]
    mergeable: bool
    merged: list[str] = field(default_factory=list)
    both_changed: int = 0  # paragraphs both people changed (kept twice in the merge)
    default: str = MINE  # the choice offered first: theirs where only they changed it
    labels: dict = field(default_factory=dict)  # posted value → what the editor reads ("3" → "Dân vận khéo")
    checkbox: bool = False

    def shown(self, values: list[str]) -> str:
        if self.name in HTML_FIELDS:
            return "\n".join(_lines(self.name, values)) or "—"  # a paragraph a line
        if self.checkbox:
            return _("Có") if values else _("Không")
        return ", ".join(self.labels.get(v, v) for v in values if v) or "—"

    @property
    def mine_text(self) -> str:
        return self.shown(self.mine)

    @property
    def theirs_text(self) -> str:
        return self.shown(self.theirs)

    @property
    def merged_text(self) -> str:
        return self.shown(self.merged)

    @property
    def lines(self) -> list[str]:
        """Their change to my text, line by line (``-`` mine, ``+`` theirs)."""
        return list(difflib.unified_diff(_lines(self.name, self.mine), _lines(self.name, self.theirs), lineterm="", n=1))[2:]


def _lines(name: str, values: list[str]) -> list[str]:
    text = "\n".join(values)
    if name in HTML_FIELDS:
        text = strip_tags(_BLOCK_END.sub(r"\1\n", text))
    return [line for line in text.splitlines() if line.strip()]


def units(name: str, text: str) -> list[str]:
    """Paragraphs: block elements of HTML, lines of plain text (kept with their endings)."""
    if name in HTML_FIELDS:
        return [u for u in _BLOCK_END.sub("\\1\n", text.replace("\r\n", "\n")).split("\n") if u.strip()]
    return [line + "\n" for line in text.replace("\r\n", "\n").splitlines()]


def join(name: str, parts: list[str]) -> str:
    return "".join(parts) if name in HTML_FIELDS else "".join(parts).rstrip("\n")


def merge3(base: list[str], mine: list[str], theirs: list[str]) -> tuple[list[str], int]:
    """Three-way merge of paragraph lists; (merged, number of places both changed)."""
    if mine == base or mine == theirs:
        return list(theirs), 0
    if theirs == base:
        return list(mine), 0

    def changes(side: list[str], who: str):
        ops = difflib.SequenceMatcher(None, base, side, autojunk=False).get_opcodes()
        return [(i1, i2, side[j1:j2], who) for tag, i1, i2, j1, j2 in ops if tag != "equal"]

    every = sorted(changes(mine, MINE) + changes(theirs, THEIRS), key=lambda c: (c[0], c[1], c[3]))
    merged: list[str] = []
    clashes = pos = k = 0
    while k < len(every):
        group = [every[k]]
        start, end = every[k][0], every[k][1]
        k += 1
        while k < len(every) and (every[k][0] < end or every[k][0] == start):
            group.append(every[k])
            end = max(end, every[k][1])
            k += 1
        merged += base[pos:start]
        sides = {who for *_rest, who in group}
        if len(sides) == 1 or all(c[:3] == group[0][:3] for c in group):
            for change in group[: 1 if len(sides) > 1 else len(group)]:  # the same change twice: once
                merged += change[2]
        else:
            clashes += 1
            mine_part = _apply(base, start, end, [c for c in group if c[3] == MINE])
            theirs_part = _apply(base, start, end, [c for c in group if c[3] == THEIRS])
            merged += mine_part + [u for u in theirs_part if u not in mine_part]
        pos = end
    merged += base[pos:]
    return merged, clashes


def _apply(base, start, end, side_changes) -> list[str]:
    out, pos = [], start
    for i1, i2, replacement, _who in side_changes:
        out += base[pos:i1] + replacement
        pos = i2
    return out + base[pos:end]


def _widget(form_field):
    """The field's own widget, not the admin's wrapper around it (the "+" and pencil links)."""
    widget = form_field.widget
    return getattr(widget, "widget", widget) if type(widget).__name__ == "RelatedFieldWidgetWrapper" else widget


def posted(form: forms.BaseForm, name: str) -> list[str]:
    """The values an unbound ``form`` (the saved record) would post for ``name``."""
    bound = form[name]
    value = bound.value()
    widget = _widget(bound.field)
    if isinstance(widget, forms.CheckboxInput):
        return ["on"] if value else []
    if isinstance(widget, forms.SelectMultiple):
        return sorted(str(v) for v in (value or []))
    if isinstance(value, (list, tuple)):
        value = widget.format_value(value)  # taggit's TagWidget: [tags] → "a, b"
    return ["" if value is None else str(value)]


def _mine(data, name: str, form_field) -> list[str]:
    values = data.getlist(name)
    if isinstance(_widget(form_field), forms.SelectMultiple):
        return sorted(values)
    if isinstance(_widget(form_field), forms.CheckboxInput):
        return ["on"] if values and values[-1] not in ("", "off", "false") else []
    return [(values[-1] if values else "").replace("\r\n", "\n")]


def _same(name: str, mine: list[str], theirs: list[str]) -> bool:
    if name == "tags":  # "a, b" and "b, a" are the same tags
        return sorted(parse_tags(mine[0] if mine else "")) == sorted(parse_tags(theirs[0] if theirs else ""))
    if name in HTML_FIELDS:
        return sanitize_html(mine[0]) == sanitize_html(theirs[0])
    return [v.strip() for v in mine] == [v.strip() for v in theirs]


def base_values(obj, loaded) -> dict:
    """The record as the editor opened it (the stored version saved at ``loaded``), or {}."""
    if loaded is None:
        return {}
    loaded = loaded.replace(microsecond=loaded.microsecond // 1000 * 1000)  # stored to the millisecond
    for version in Version.objects.get_for_object(obj).order_by("-pk")[:30]:
        stored = version.field_dict
        if stored.get("updated_at") == loaded:
            stored = dict(stored)
            names = RevisionTags.objects.filter(revision_id=version.revision_id).values_list("names", flat=True).first()
            if names is not None:  # the tags kept with that revision (newsroom.models)
                stored["tags"] = edit_string_for_tags([SimpleNamespace(name=name) for name in names])
            return stored
    return {}


def conflicts(form_class, current, data, fields: list[str], base: dict, photo_forms=None) -> list[Conflict]:
    """Each posted field whose value differs from the saved record's, with its merge."""
    theirs_form = form_class(instance=current)
    found = []
    for name in fields:
        if name not in theirs_form.fields:
            continue
        form_field = theirs_form.fields[name]
        mine, theirs = _mine(data, name, form_field), posted(theirs_form, name)
        if _same(name, mine, theirs):
            continue
        conflict = _conflict(name, str(form_field.label), mine, theirs, _base(base, name, form_field))
        conflict.checkbox = isinstance(_widget(form_field), forms.CheckboxInput)
        if isinstance(form_field, forms.ModelChoiceField):  # one query for the records named on either side
            named = {v for v in mine + theirs if v}
            conflict.labels = {str(o.pk): form_field.label_from_instance(o) for o in form_field.queryset.filter(pk__in=named)}
        found.append(conflict)
    for prefix, photo_form in photo_forms or []:
        for name in PHOTO_TEXT:
            key = f"{prefix}-{name}"
            if name not in photo_form.fields or key not in data:
                continue
            mine, theirs = _mine(data, key, photo_form.fields[name]), posted(photo_form, name)
            if not _same(name, mine, theirs):
                label = _("Ảnh “%(photo)s”: %(field)s") % {"photo": photo_form.instance, "field": photo_form.fields[name].label}
                found.append(_conflict(key, label, mine, theirs, None, mergeable=name in MERGEABLE))
    return found


_MISSING = object()


def _base(base: dict, name: str, form_field) -> list[str] | None:
    """The stored version's value of ``name`` as the form would post it (None: not kept)."""
    value = base.get(name, base.get(f"{name}_id", _MISSING))
    if value is _MISSING:
        return None
    if isinstance(_widget(form_field), forms.CheckboxInput):
        return ["on"] if value else []
    if isinstance(value, (list, tuple)):
        return sorted(str(getattr(v, "pk", v)) for v in value)
    return ["" if value is None else str(value)]


def _conflict(name, label, mine, theirs, base_values_: list[str] | None, *, mergeable=None) -> Conflict:
    short = name.rsplit("-", 1)[-1]
    conflict = Conflict(name, label, mine, theirs, mergeable=short in MERGEABLE if mergeable is None else mergeable)
    if short in HTML_FIELDS:
        conflict.mine = mine = [sanitize_html(mine[0])]
    base_value = base_values_[0] if base_values_ else None
    if base_values_ is not None:
        if _same(short, mine, base_values_):
            conflict.default = THEIRS  # only they changed it
        elif not _same(short, theirs, base_values_):
            conflict.default = MERGE if conflict.mergeable else MINE  # both did
    if conflict.mergeable:
        base = units(short, str(base_value)) if base_value is not None else []
        merged, clashes = merge3(base, units(short, mine[0]), units(short, theirs[0]))
        conflict.merged, conflict.both_changed = [join(short, merged)], clashes
    return conflict


def resolve(data, found: list[Conflict], version: str):
    """``data`` (the posted form) with each conflict settled as chosen in ``merge-<name>`` (or as preselected),
    and the version the choices were made against, so the form saves over it."""
    data = data.copy()
    for conflict in found:
        choice = data.get(f"merge-{conflict.name}", conflict.default)  # as the panel preselected it
        if choice == THEIRS:
            data.setlist(conflict.name, conflict.theirs)
        elif choice == MERGE and conflict.mergeable:
            data.setlist(conflict.name, conflict.merged)
    data["loaded_version"] = version
    return data
