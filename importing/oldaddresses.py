"""The old site's category and tag addresses from a WordPress export → ``redirects.OldAddress``
rows to the section each category maps to and to the tag page of each tag.

WordPress answers a category at ``/category/<parent>/<nicename>/`` (its parents' nicenames
first) and at ``/?cat=<term id>``, a tag at ``/tag/<slug>/`` and ``/?tag=<slug>``, on the
blog's address (``wp:base_blog_url``). A category goes to the section the mapping file gives
it (its nicename or name, else its address's path), as its posts do; a category the mapping
does not place, or a tag no imported post carries, gets no row (and is counted). An address
an editor already pointed somewhere is theirs and stays; one the importer made before follows
the mapping as it is now. Rows point at the section or tag itself, so they follow later
renames.
"""

from __future__ import annotations

from collections import Counter

from django.apps import apps

from articles.models import Section

from .mapping import SectionMapping
from .wxr import Export, Term

__all__ = ["term_addresses", "write_term_addresses"]


def _category_path(term: Term, by_slug: dict[str, Term]) -> str:
    chain, current = [term.slug], term
    while current.parent and current.parent in by_slug and current.parent not in chain:
        current = by_slug[current.parent]
        chain.insert(0, current.slug)
    return "/".join(chain)


def term_addresses(
    export: Export, mapping: SectionMapping, sections: dict[str, Section]
) -> tuple[list[tuple[str, Section]], list[Term], int]:
    """(old category address, its section) pairs, the tags to look up, and the categories left unmapped."""
    base = (export.blog_url or export.base_url).rstrip("/")
    if not base:
        return [], [], 0
    categories = {t.slug: t for t in export.terms if t.taxonomy == "category"}
    pairs, unmapped = [], 0
    for term in categories.values():
        address = f"{base}/category/{_category_path(term, categories)}/"
        slug, _labels = mapping.section_for([(term.slug, term.name)], address)
        section = sections.get(slug) if slug else None
        if section is None:
            unmapped += 1
            continue
        pairs.append((address, section))
        if term.term_id:
            pairs.append((f"{base}/?cat={term.term_id}", section))
    return pairs, [t for t in export.terms if t.taxonomy == "post_tag"], unmapped


def write_term_addresses(export: Export, mapping: SectionMapping, sections: dict[str, Section], *, dry_run: bool = False) -> Counter:
    """Write (or, with ``dry_run``, count) the rows; returns counts: created, updated,
    unchanged, kept (an editor's), unmapped (categories and tags with nowhere to go)."""
    counts: Counter = Counter()
    if not apps.is_installed("redirects"):
        return counts
    from taggit.models import Tag

    from redirects.models import OldAddress

    pairs, tags, unmapped = term_addresses(export, mapping, sections)
    counts["unmapped"] += unmapped
    base = (export.blog_url or export.base_url).rstrip("/")
    known_tags = {t.name: t for t in Tag.objects.filter(name__in=[t.name for t in tags])} if tags else {}
    wanted: list[OldAddress] = [OldAddress(old_url=url, section=section, origin=OldAddress.Origin.IMPORT) for url, section in pairs]
    for term in tags:
        tag = known_tags.get(term.name)
        if tag is None:
            counts["unmapped"] += 1
            continue
        wanted += [
            OldAddress(old_url=f"{base}/tag/{term.slug}/", tag=tag, origin=OldAddress.Origin.IMPORT),
            OldAddress(old_url=f"{base}/?tag={term.slug}", tag=tag, origin=OldAddress.Origin.IMPORT),
        ]
    for row in wanted:
        row.normalize()
    existing = {(o.host, o.key): o for o in OldAddress.objects.filter(key__in={row.key for row in wanted})} if wanted else {}
    for row in wanted:
        current = existing.get((row.host, row.key))
        if current is not None and current.origin != OldAddress.Origin.IMPORT:
            counts["kept"] += 1
        elif current is not None and (current.section_id, current.tag_id) == (row.section_id, row.tag_id):
            counts["unchanged"] += 1
        elif current is not None:
            counts["updated"] += 1
            if not dry_run:
                current.section, current.tag, current.article, current.target_path = row.section, row.tag, None, ""
                current.save()
        else:
            counts["created"] += 1
            if not dry_run:
                row.save()
                existing[(row.host, row.key)] = row
    return counts
