"""Units (head office → stores → departments/counters, plus external suppliers and carriers) and
the staff who work in them."""

from simple_history.models import HistoricalRecords

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from backoffice.choices import Role, UnitKind
from backoffice.naming import localized_name


class Unit(models.Model):
    """A node of the organisation tree. `path` (codes joined by "/") makes "this unit and
    everything under it" one indexed prefix query."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=400, editable=False, db_index=True)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]

    def __str__(self) -> str:
        return localized_name(self.name, self.name_en)

    def save(self, *args, **kwargs) -> None:
        self.path = f"{self.parent.path}{self.code}/" if self.parent else f"{self.code}/"
        super().save(*args, **kwargs)
        for child in self.children.all():
            child.save()

    def clean(self) -> None:
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("A unit cannot sit under itself.")})
            ancestor = ancestor.parent

    @property
    def store(self) -> "Unit | None":
        """The store this unit belongs to (itself if it is one)."""
        unit = self
        while unit is not None and unit.kind != UnitKind.STORE:
            unit = unit.parent
        return unit


class StaffMember(models.Model):
    """A staff account's role and unit. The role is mirrored into the Django group of the same
    name (which carries the model permissions Wagtail checks)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")

    def __str__(self) -> str:
        from backoffice.access import display_name

        return f"{display_name(self.user)} ({self.get_role_display()})"
