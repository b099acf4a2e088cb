"""Library search that finds Chinese and English text alike, on SQLite and on PostgreSQL.

Wagtail's database search backend does not segment Chinese on PostgreSQL (STACK.md: 退款 inside
a word is not found), and a full-text index of a short library buys little. So each case study
keeps `search_text`, its readable text normalised once (NFKC: full-width letters and digits
become ASCII; casefolded), and a query matches when every one of its words is a substring of
it. Substring matching needs no segmentation: 退款 is found inside 申请退款, "refund" inside
"Refunds". It is the same SQL (LIKE) on both databases.
"""

from __future__ import annotations

import unicodedata

from django.db.models import QuerySet


def normalise(text: str) -> str:
    """The form both the stored text and the query are compared in."""
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def query_terms(query: str, limit: int = 8) -> list[str]:
    """The words of a query (at most `limit`, so a pasted paragraph stays a cheap query)."""
    return normalise(query).split()[:limit]


def filter_by_query(queryset: QuerySet, query: str, field: str = "search_text") -> QuerySet:
    """Pages whose `field` contains every word of `query`; all pages for an empty query."""
    for term in query_terms(query):
        queryset = queryset.filter(**{f"{field}__contains": term})
    return queryset
