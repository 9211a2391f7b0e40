"""Rows to the API's dictionaries, reading only what the querysets prefetched."""

from __future__ import annotations

from django.urls import reverse


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def ref(request, obj, name: str = "name") -> dict | None:
    if obj is None:
        return None
    return {"slug": obj.slug, "name": getattr(obj, name), "url": absolute(request, obj.get_absolute_url())}


def document_ref(request, document) -> dict:
    return {
        "slug": document.slug,
        "symbol": document.symbol,
        "title": document.title,
        "url": absolute(request, document.get_absolute_url()),
    }


def tag_ref(request, tag) -> dict:
    return {"slug": tag.slug, "name": tag.name, "url": absolute(request, reverse("articles:tag", kwargs={"slug": tag.slug}))}


def article(request, row, *, detail: bool = False) -> dict:
    data = {
        "id": row.pk,
        "slug": row.slug,
        "title": row.title,
        "lead": row.lead,
        "url": absolute(request, row.get_absolute_url()),
        "section": ref(request, row.section),
        "published_at": row.published_at,
        "updated_at": row.updated_at,
        "byline": row.byline,
        "source": row.source,
        "view_count": row.view_count,
        "tags": [tag_ref(request, t) for t in row.tags.all()],
        "documents": [document_ref(request, d) for d in row.documents.all()],
        "bodies": [ref(request, o) for o in row.organizations.all()],
        "models": [ref(request, e) for e in row.exemplars.all()],
    }
    if detail:
        data["body"] = row.body
    return data


def document(request, row, *, detail: bool = False) -> dict:
    validity = row.validity
    data = {
        "slug": row.slug,
        "symbol": row.symbol,
        "kind": row.kind,
        "kind_label": row.get_kind_display(),
        "title": row.title,
        "subject": row.subject,
        "issuer": ref(request, row.issuer),
        "issued_on": row.issued_on,
        "issue_year": row.issue_year,
        "term": row.term,
        "popular_names": row.popular_name_list,
        "validity": validity.state,
        "validity_label": str(validity.label),
        "url": absolute(request, row.get_absolute_url()),
        "updated_at": row.updated_at,
    }
    if detail:
        data.update(
            summary=row.summary,
            signer=row.signer,
            effective_on=row.effective_on,
            expires_on=row.expires_on,
            source_url=row.source_url,
            relations=[
                {"kind": r.kind, "label": r.get_kind_display(), "document": document_ref(request, r.target)}
                for r in row.outgoing_relations.all()
            ],
            related_from=[
                {"kind": r.kind, "label": str(r.INVERSE_LABELS[r.kind]), "document": document_ref(request, r.source)}
                for r in row.incoming_relations.all()
            ],
        )
    return data


def body(request, row, *, detail: bool = False) -> dict:
    data = {
        "slug": row.slug,
        "name": row.name,
        "short_name": row.short_name,
        "kind": row.kind,
        "level": row.level,
        "locality": row.locality,
        "parent": ref(request, row.parent),
        "successor": ref(request, row.successor),
        "active_from": row.active_from,
        "active_until": row.active_until,
        "url": absolute(request, row.get_absolute_url()),
        "updated_at": row.updated_at,
    }
    if detail:
        data.update(
            path=[ref(request, a) for a in row.ancestors()],
            children=[ref(request, c) for c in row.children.all()],
            predecessors=[ref(request, p) for p in row.predecessors.all()],
            description=row.description,
        )
    return data


def model(request, row) -> dict:
    return {
        "slug": row.slug,
        "name": row.name,
        "kind": row.kind,
        "field": row.field,
        "level": row.level,
        "year": row.year,
        "body": ref(request, row.organization),
        "description": row.description,
        "url": absolute(request, row.get_absolute_url()),
        "updated_at": row.updated_at,
    }


def gallery_item(request, row) -> dict:
    data = {
        "slug": row.slug,
        "title": row.title,
        "description": row.description,
        "date": row.date,
        "url": absolute(request, row.get_absolute_url()),
        "articles": [{"slug": a.slug, "title": a.title, "url": absolute(request, a.get_absolute_url())} for a in row.public_articles],
        "updated_at": row.updated_at,
    }
    if hasattr(row, "photo_count"):
        data["photo_count"] = row.photo_count
    else:
        data["link"] = row.link
        data["file_url"] = absolute(request, row.file.url) if row.file else ""
    return data
