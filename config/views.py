from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse

from wagtail.documents.views import serve as wagtaildocs

from backoffice.downloads import as_download


def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not: what a load balancer needs. Also
    reports the background worker: ok, stale, never_seen or not_used
    (backoffice.worker)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    # The worker's state is reported, not judged: a stale worker does not take the app servers
    # out of the load balancer (monitoring alerts on worker.status != "ok").
    from backoffice.worker import worker_status

    try:
        worker = worker_status()
    except DatabaseError:  # e.g. the heartbeat table not migrated yet
        worker = {"status": "unknown"}
    return JsonResponse({"status": "ok", "database": "ok", "worker": worker})


def serve_document(request: HttpRequest, document_id: str, document_filename: str) -> HttpResponse:
    """Wagtail's document view (privacy rules, etags), its file served as every download is."""
    response = wagtaildocs.serve(request, document_id, document_filename)
    if response.status_code == 200:
        as_download(response, document_filename)
    return response
