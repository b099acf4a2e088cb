"""The one gate of the admin: Wagtail permission policies whose object-level answers come from
backoffice.access, and the viewset base class that sends every generic view through them.

Wagtail's generic views check model permissions only, and each generic view a viewset inherits
(inspect, history, history results, usage, edit, delete, copy) loads its object its own way. So
scoping is not left to each view: `GatedModelViewSet.construct_view` gives every view class it
builds `GateViewMixin`, which narrows the view's querysets to the rows the registered policy
allows and answers 404 — the same answer as for a row that does not exist — for an object the
policy refuses. Views that make no sense for a model are not routed at all
(`GatedModelViewSet.removed_views`)."""

from __future__ import annotations

from django.db.models import Model, QuerySet
from django.http import Http404
from django.urls import path

from wagtail.admin.views.generic.base import BaseListingView
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from backoffice import access

READ_ACTIONS = ("view", "add", "change", "delete")  # any of them lets a user read (Wagtail's rule)


class GatePolicy(ModelPermissionPolicy):
    """Model permissions (the role's group), less the actions `_refused` names for everyone,
    with rows narrowed by `filter_queryset`. Subclasses say which rows and which objects."""

    def _refused(self, action: str) -> bool:
        return False

    def user_has_permission(self, user, action):
        return not self._refused(action) and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def filter_queryset(self, user, actions, queryset: QuerySet) -> QuerySet:
        raise NotImplementedError

    def instances_user_has_any_permission_for(self, user, actions):
        return self.filter_queryset(user, actions, self.model._default_manager.all())


class CaseAccessPolicy(GatePolicy):
    """Per object, backoffice.access: read what `access.can_view` allows, change what
    `access.can_work` allows. Nothing that carries a case is ever deleted; `append_only` models
    (the timeline, the outbox) are never changed either, not even by a superuser."""

    def __init__(self, model, *, auth_model=None, append_only: bool = False):
        super().__init__(model, auth_model=auth_model)
        self.append_only = append_only

    def _refused(self, action: str) -> bool:
        return action == "delete" or (self.append_only and action == "change")

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if action in ("view", "inspect"):
            return access.can_view(user, instance)
        return access.can_work(user, instance)

    def filter_queryset(self, user, actions, queryset: QuerySet) -> QuerySet:
        """`queryset` narrowed to the rows on which `user` may take any of `actions`."""
        allowed = [a for a in actions if self.user_has_permission(user, a)]
        if not allowed:
            return queryset.none()
        if set(allowed) & {"view", "inspect"}:
            return access.visible(user, queryset)
        return access.workable(user, queryset)


class ScopedPolicy(GatePolicy):
    """Rows narrowed by a function of backoffice.access (e.g. the staff list by unit);
    `no_delete` refuses deleting to everyone."""

    def __init__(self, model, scope, *, no_delete: bool = False):
        super().__init__(model)
        self.scope = scope
        self.no_delete = no_delete

    def _refused(self, action: str) -> bool:
        return self.no_delete and action == "delete"

    def filter_queryset(self, user, actions, queryset: QuerySet) -> QuerySet:
        if not self.user_has_any_permission(user, actions):
            return queryset.none()
        return self.scope(user, queryset)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and self.scope(user, self.model._default_manager.filter(pk=instance.pk)).exists()
        )


def _everything(user, queryset):
    return queryset


def register_policies() -> None:
    """Called once, before any viewset reads a policy (backoffice.apps.ready)."""
    from backoffice.models import (
        AuthorityLimit,
        Case,
        CaseEvent,
        Notification,
        StaffAppeal,
        StaffMember,
    )

    for model in access.CASE_BEARING:
        # The timeline, files and follow-ups have no permissions of their own: a role that may
        # view (work on) cases may view (add to) them. Appeals and the outbox have their own.
        auth_model = model if model in (Case, StaffAppeal, Notification) else Case
        append_only = model in (CaseEvent, Notification)
        register_permission_policy(
            model,
            CaseAccessPolicy(model, auth_model=auth_model, append_only=append_only),
            exact_class=True,
        )
    register_permission_policy(
        StaffMember, ScopedPolicy(StaffMember, access.staff_visible_to), exact_class=True
    )
    # A limit is changed, never removed: a missing row would leave the role without authority.
    register_permission_policy(
        AuthorityLimit, ScopedPolicy(AuthorityLimit, _everything, no_delete=True), exact_class=True
    )


def policy_for(model: type[Model]):
    return policy_registry.get_by_type(model)


# What each generic view does to its object; anything else reads.
VIEW_ACTIONS = {"edit": ("change",), "delete": ("delete",), "copy": ("add",)}


class GateViewMixin:
    """Mixed into every view class a GatedModelViewSet builds (see the module's docstring).

    Querysets of the viewset's model are narrowed in the hooks Wagtail's views load them
    through: get_base_queryset (index, results, export), get_queryset (edit, delete),
    get_base_object_queryset (history, usage); get_object then asks the policy about the
    object itself, which also covers views that load it directly (inspect)."""

    gate_view_name = "read"

    def _gate_actions(self):
        return VIEW_ACTIONS.get(self.gate_view_name, READ_ACTIONS)

    def _gated(self, queryset):
        if isinstance(queryset, QuerySet) and queryset.model is self.model:
            policy = policy_for(self.model)
            if hasattr(policy, "filter_queryset"):
                return policy.filter_queryset(self.request.user, self._gate_actions(), queryset)
        return queryset

    def get_base_queryset(self):
        return self._gated(super().get_base_queryset())

    def get_queryset(self, *args, **kwargs):
        queryset = super().get_queryset(*args, **kwargs)
        # A listing's get_queryset starts from get_base_queryset, already narrowed.
        return queryset if isinstance(self, BaseListingView) else self._gated(queryset)

    def get_base_object_queryset(self):
        return self._gated(super().get_base_object_queryset())

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if isinstance(obj, self.model) and not policy_for(
            self.model
        ).user_has_any_permission_for_instance(self.request.user, self._gate_actions(), obj):
            # The very exception get_object_or_404 raises for a row that does not exist.
            raise Http404(f"No {self.model._meta.object_name} matches the given query.")
        return obj


class ReadableHistoryView(HistoryView):
    """Whoever may read an object may read its history (Wagtail asks for add/change/delete)."""

    any_permission_required = list(READ_ACTIONS)


class GatedModelViewSet(ModelViewSet):
    """A ModelViewSet whose every view goes through the model's registered permission policy.
    `removed_views` are not routed at all (no URL, no button)."""

    removed_views: frozenset[str] = frozenset({"usage", "copy"})
    history_view_class = ReadableHistoryView

    def construct_view(self, view_class, **kwargs):
        name = _view_name_of(self, view_class)
        gated = type(
            f"Gated{view_class.__name__}",
            (GateViewMixin, view_class),
            {"gate_view_name": name, "__module__": view_class.__module__},
        )
        return super().construct_view(gated, **kwargs)

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in self.removed_views:
            if f"{name}_url_name" in view_kwargs:
                view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self):
        # ModelViewSet's routes, built here so that a removed view is never even constructed.
        conv = self.pk_path_converter
        routes = [
            ("index", "", "index_view"),
            ("index_results", "results/", "index_results_view"),
            ("add", "new/", "add_view"),
            ("edit", f"edit/<{conv}:pk>/", "edit_view"),
            ("delete", f"delete/<{conv}:pk>/", "delete_view"),
            ("history", f"history/<{conv}:pk>/", "history_view"),
            ("history_results", f"history-results/<{conv}:pk>/", "history_results_view"),
            ("usage", f"usage/<{conv}:pk>/", "usage_view"),
        ]
        if self.reorder_view_enabled:
            routes.append(("reorder", f"reorder/<{conv}:pk>/", "reorder_view"))
        if self.inspect_view_enabled:
            routes.append(("inspect", f"inspect/<{conv}:pk>/", "inspect_view"))
        if self.copy_view_enabled:
            routes.append(("copy", f"copy/<{conv}:pk>/", "copy_view"))
        removed = set(self.removed_views)
        removed |= {f"{name}_results" for name in removed}
        return [
            path(route, getattr(self, attr), name=name)
            for name, route, attr in routes
            if name not in removed
        ]


def _view_name_of(viewset, view_class) -> str:
    for name in ("edit", "delete", "copy"):
        if view_class is getattr(viewset, f"{name}_view_class", None):
            return name
    return "read"


def object_or_404(user, queryset: QuerySet, action: str = "view", **lookup):
    """For the few views that are not Wagtail generic views (case actions, files, printed
    forms, appeals, resending): the object by `lookup` among those the model's policy lets
    `user` take `action` on, or 404 — the same 404 as for a row that does not exist."""
    policy = policy_for(queryset.model)
    narrowed = policy.filter_queryset(user, [action], queryset)
    obj = narrowed.filter(**lookup).first()
    if obj is None or not policy.user_has_permission_for_instance(user, action, obj):
        raise Http404(f"No {queryset.model._meta.object_name} matches the given query.")
    return obj
