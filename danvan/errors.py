"""Server-error pages that never need the database.

When the database is unreachable (stopped, restarting, failing over) readers get a styled
503 with Retry-After, quickly, instead of a generic 500; Django reconnects by itself on a
later request (CONN_HEALTH_CHECKS), so the site recovers without a restart.
"""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

UNAVAILABLE_RETRY_SECONDS = 30


def database_unavailable(error: BaseException | None) -> bool:
    while error is not None:
        if isinstance(error, (OperationalError, InterfaceError)):
            return True
        if isinstance(error, DatabaseError) and "connection" in str(error).lower():
            return True
        error = error.__cause__ or error.__context__
    return False


@requires_csrf_token
def server_error(request, template_name: str = "500.html"):
    if database_unavailable(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(UNAVAILABLE_RETRY_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    # The reader quotes "Mã lỗi" to the site's staff, who find the request's log lines by it.
    context = {"request_id": getattr(request, "request_id", "")}
    return HttpResponseServerError(loader.get_template(template_name).render(context))
