"""The library's filter form: category, severity, channel, lesson tag and a search box. It
works without JavaScript (a GET form) and keeps its values in the pagination links."""

from __future__ import annotations

from urllib.parse import urlencode

from taggit.models import Tag

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from backoffice.choices import Channel, Severity
from knowledge.search import filter_by_query

ANY = [("", _("Any"))]


class LibraryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=ANY + Severity.choices
    )
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=ANY + Channel.choices)
    tag = forms.ChoiceField(label=_("Lesson"), required=False)

    def __init__(self, *args, studies: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        categories = (
            studies.exclude(category_name="")
            .order_by("category_name")
            .values_list("category_name", flat=True)
            .distinct()
        )
        self.fields["category"].choices = ANY + [(name, name) for name in categories]
        tags = Tag.objects.filter(knowledge_casestudytag_items__content_object__in=studies)
        self.fields["tag"].choices = ANY + [
            (tag.slug, tag.name) for tag in tags.distinct().order_by("name")
        ]

    def apply(self, studies: QuerySet) -> QuerySet:
        data = self.cleaned_data
        if data.get("category"):
            studies = studies.filter(category_name=data["category"])
        if data.get("severity"):
            studies = studies.filter(severity=data["severity"])
        if data.get("channel"):
            studies = studies.filter(channel=data["channel"])
        if data.get("tag"):
            studies = studies.filter(tags__slug=data["tag"])
        return filter_by_query(studies, data.get("q", ""))

    def has_filters(self) -> bool:
        return self.is_bound and self.is_valid() and any(self.cleaned_data.values())

    def query_string(self) -> str:
        """The current filters for pagination links ("" when there are none)."""
        if not (self.is_bound and self.is_valid()):
            return ""
        return urlencode({k: v for k, v in self.cleaned_data.items() if v})
