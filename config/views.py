from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse

from wagtail.documents.views import serve as wagtaildocs

from backoffice.downloads import as_download


def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not: what a load balancer needs."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def serve_document(request: HttpRequest, document_id: str, document_filename: str) -> HttpResponse:
    """Wagtail's document view (privacy rules, etags), its file served as every download is."""
    response = wagtaildocs.serve(request, document_id, document_filename)
    if response.status_code == 200:
        as_download(response, document_filename)
    return response
