"""The paths of a register, generated the one way core's views reverse them (`views.url_name`).

    urlpatterns = [
        *register_urls("types", views, "CallType"),
        path("todo/", views.CallTodoView.as_view(), name="call_todo"),   # a page of its own, written as usual
    ]

finds ``CallTypeListView``, ``CallTypeDetailView``, ``CallTypeEditView``, ``CallTypeDeleteView`` (and
``CallTypeCreateView``, which then adds instead of the edit view) in `views` and gives ``types/``
(``calltype_list``), ``types/add/``, ``types/<pk>/``, ``types/<pk>/edit/`` and ``types/<pk>/delete/``; a view
the module does not have gets no path. The name comes from the views' model unless ``name`` is given; a view given
by keyword (``add=StaffAnswerView``, ``detail=None``) overrides the one found by its name.
"""

from __future__ import annotations

from types import ModuleType

from django.urls import URLPattern, path

FOUND = object()  # "the view of this action that `views` has under the usual name, if any"

# action, route under the prefix, class-name suffix
ROUTES = (
    ("list", "", "ListView"),
    ("add", "add/", "CreateView"),
    ("detail", "<int:pk>/", "DetailView"),
    ("edit", "<int:pk>/edit/", "EditView"),
    ("delete", "<int:pk>/delete/", "DeleteView"),
)


def _model_of(view) -> type:
    queryset = getattr(view, "queryset", None)
    model = getattr(view, "model", None) or (queryset.model if queryset is not None else None)
    if model is None:
        raise ValueError(f"{view.__name__} names no model or queryset: give register_urls a name")
    return model


def register_urls(
    prefix: str,
    views: ModuleType | None = None,
    stem: str = "",
    *,
    name: str | None = None,
    **given,
) -> list[URLPattern]:
    """The list, add, detail, edit and delete paths of one register under `prefix` (may be "")."""
    unknown = set(given) - {action for action, _route, _suffix in ROUTES}
    if unknown:
        raise TypeError(f"register_urls: unknown action(s) {sorted(unknown)}")
    chosen = {}
    for action, _route, suffix in ROUTES:
        view = given.get(action, FOUND)
        if view is FOUND:
            view = getattr(views, f"{stem}{suffix}", None) if views and stem else None
        chosen[action] = view
    if chosen["add"] is None and "add" not in given:
        chosen["add"] = chosen["edit"]  # the usual edit view adds too
    present = [v for v in chosen.values() if v is not None]
    if not present:
        raise ValueError(f"register_urls({prefix!r}): no view given or found for {stem!r}")
    name = name or _model_of(present[0])._meta.model_name
    base = f"{prefix}/" if prefix else ""
    return [
        path(base + route, chosen[action].as_view(), name=f"{name}_{action}")
        for action, route, _suffix in ROUTES
        if chosen[action] is not None
    ]
