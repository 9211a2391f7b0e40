"""The library's upload and browse endpoints, for the admin's uploader and TinyMCE.

An upload over ``photos.MAX_BYTES`` is refused before its body is read: by its
Content-Length when the browser sends one (always, for a file posted by XMLHttpRequest),
and otherwise by ``LimitedUploadHandler``, which stops reading once the limit is passed.
CSRF is checked only after that (the check reads the body), then the file goes through
the same checks and cleaning as every photo (``MediaImage.full_clean`` and ``save``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from . import photos
from .library import MediaImage

# Room for the multipart boundary and the form's few text fields around the file.
ENVELOPE_BYTES = 64 * 1024


class LimitedUploadHandler(FileUploadHandler):
    """Stops reading a request once a file in it passes ``limit`` bytes; says so on the request."""

    def __init__(self, request=None, limit: int = photos.MAX_BYTES):
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def new_file(self, *args, **kwargs):
        self.received = 0
        return super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        self.received = start + len(raw_data)
        if self.received > self.limit:
            self.request.upload_refused = self.received
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


def refusal(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": {"message": message}}, status=status)


def image_json(image: MediaImage) -> dict:
    return {
        "id": image.pk,
        "location": image.image.url,
        "thumbnail": image.thumbnail_url,
        "caption": image.caption,
        "alt": image.alt_text,
        "name": image.original_name,
        "width": image.width,
        "height": image.height,
    }


@csrf_exempt  # checked below, once the size is known to be allowed
@require_POST
def upload_image(request):
    """POST one file as ``file`` (and optional caption, credit, alt); answers JSON:
    ``{"location": …, "id": …}`` or ``{"error": {"message": …}}`` (TinyMCE's shape)."""
    if not request.user.has_perm("articles.add_mediaimage"):
        raise PermissionDenied
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > photos.MAX_BYTES + ENVELOPE_BYTES:
        return refusal(photos.too_large(declared, photos.MAX_BYTES), status=413)  # the envelope is a few hundred bytes
    request.upload_handlers.insert(0, LimitedUploadHandler(request))
    return csrf_protect(_store_upload)(request)


def _store_upload(request):
    upload = request.FILES.get("file")
    if getattr(request, "upload_refused", None):
        return refusal(photos.too_large(request.upload_refused, photos.MAX_BYTES), status=413)
    if upload is None:
        return refusal(_("Chưa chọn tệp ảnh nào."))
    image = MediaImage(
        image=upload,
        caption=request.POST.get("caption", ""),
        credit=request.POST.get("credit", ""),
        alt_text=request.POST.get("alt", ""),
        uploaded_by=request.user,
    )
    try:
        image.full_clean()
    except ValidationError as error:
        return refusal(" ".join(error.messages))
    image.save()
    return JsonResponse(image_json(image), status=201)


@require_GET
def browse_images(request):
    """The newest library images (matching ``q``, without diacritics), for the editor's picker."""
    if not request.user.has_perm("articles.view_mediaimage"):
        raise PermissionDenied
    images = MediaImage.objects.matching(request.GET.get("q", ""))[:60]
    return JsonResponse({"images": [image_json(image) for image in images]})
