"""A simple register declared once: the filter, table, form, views, paths, serializer and view set built from it.

    promises = Register(
        PromiseToPay, "promises",
        columns=("promised_on", "subscriber", "amount", "due_date", "status", "agent"),
        filters=("status", "agent", "due_date"),          # a date field becomes a from–to filter
        search=("subscriber__external_id", "subscriber__name"),
        form=("subscriber", "amount", "promised_on", "due_date"),
        create_action=actions.record_promise,
        edit=False, delete=False,
    )
    # views.py:     PromiseToPayListView, ... = promises.views()     (or just `urlpatterns = promises.urls()`)
    # urls.py:      urlpatterns = promises.urls()
    # api/urls.py:  urlpatterns = register_api_urls(promises)

Every generated class is the generic one of core (`RegisterFilterSet`, `RegisterTable`, `RegisterForm`,
`ObjectListView`…, `ValidatedModelSerializer`, `RegisterViewSet`) with what the declaration names, so a generated
register behaves exactly as a hand-written one: permissions from the model, XLSX export, history on the card, the
create action on the page and in the API alike. A register that needs more passes its own class instead
(`table=`, `filterset=`, `form=`, `serializer=`, `view_mixins=`), or writes the classes by hand as before.

The API shows every field of the record; it writes those of the form and nothing else (the rest are read-only:
status, the agent, what an action fills in).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import django_tables2 as tables
from django.db import models
from django.urls import URLPattern
from django.utils.choices import CallableChoiceIterator
from rest_framework.routers import DefaultRouter

from .api.serializers import ValidatedModelSerializer
from .api.viewsets import RegisterViewSet
from .choices import ChoiceSet, IntegerChoiceSet
from .filtersets import DateFromToFilter, RegisterFilterSet
from .forms import RegisterForm
from .tables import ChoiceBadgeColumn, RegisterTable
from .urls import register_urls
from .views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView


def _choice_class(model_field) -> type | None:
    """The ChoiceSet whose choices a field declares, when one does (for the badge's colour)."""
    if isinstance(model_field.choices, CallableChoiceIterator):
        # Choices read from a register at run time (a service type): no ChoiceSet, and no query at start-up.
        return None
    choices = list(model_field.choices or ())
    for base in (ChoiceSet, IntegerChoiceSet):
        for cls in _subclasses(base):
            if list(cls.choices) == choices:
                return cls
    return None


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


@dataclass
class Register:
    model: type[models.Model]
    prefix: str
    columns: Sequence[str]
    filters: Sequence[str] = ()
    search: Sequence[str] = ()
    form: Sequence[str] = ()
    create_action: Callable | None = None
    related: Sequence[str] = ()  # select_related on the list, the card and the API
    edit: bool = True
    delete: bool = True
    # Classes to use instead of the generated ones, and mixins of the views (a lower app's, e.g. the account field).
    table: type | None = None
    filterset: type | None = None
    form_class: type | None = None
    serializer: type | None = None
    view_mixins: Sequence[type] = ()
    form_mixins: Sequence[type] = ()
    extra_filters: dict = field(default_factory=dict)

    def __post_init__(self):
        """A subclass's adjustments of the declaration (mixins it always adds)."""

    @property
    def name(self) -> str:
        return self.model.__name__

    def _class(self, suffix: str, bases: tuple, attrs: dict) -> type:
        attrs.setdefault("__module__", self.model.__module__)
        return type(f"{self.name}{suffix}", bases, attrs)

    def queryset(self):
        return self.model._default_manager.select_related(*self.related)

    @cached_property
    def filterset_class(self) -> type:
        if self.filterset:
            return self.filterset
        attrs: dict = {"search_fields": tuple(self.search), **self.extra_filters}
        fields = ["q"] if self.search else []
        for name in self.filters:
            model_field = self.model._meta.get_field(name)
            if isinstance(model_field, models.DateField):
                attrs[name] = DateFromToFilter(field_name=name, label=model_field.verbose_name)
            fields.append(name)
        attrs["Meta"] = type("Meta", (), {"model": self.model, "fields": fields})
        return self._class("FilterSet", (RegisterFilterSet,), attrs)

    @cached_property
    def table_class(self) -> type:
        if self.table:
            return self.table
        attrs: dict = {}
        for name in self.columns:
            if "__" in name:
                continue
            model_field = self.model._meta.get_field(name)
            if model_field.is_relation and hasattr(model_field.related_model, "get_absolute_url"):
                attrs[name] = tables.Column(linkify=True)
            elif model_field.choices and (choice_class := _choice_class(model_field)) is not None:
                attrs[name] = ChoiceBadgeColumn(choice_class)
        attrs["Meta"] = type("Meta", (RegisterTable.Meta,), {"model": self.model, "fields": tuple(self.columns)})
        return self._class("Table", (RegisterTable,), attrs)

    @cached_property
    def form_type(self) -> type:
        if self.form_class:
            return self.form_class
        meta = type("Meta", (), {"model": self.model, "fields": self.form_fields()})
        return self._class("Form", (*self.form_mixins, RegisterForm), {"Meta": meta, **self.form_attrs()})

    def form_fields(self) -> list[str]:
        """The page form's fields (a subclass may show a model field as another: the subscriber as an account)."""
        return list(self.form)

    def form_attrs(self) -> dict:
        """Fields the page form declares besides the model's (a subclass's account number field)."""
        return {}

    @cached_property
    def view_classes(self) -> dict[str, type | None]:
        """{action: view class} for register_urls: list, add, detail, edit, delete (None where there is none)."""
        mixins = tuple(self.view_mixins)
        base = {"queryset": self.queryset()}
        edit = {**base, "form_class": self.form_type}
        return {
            "list": self._class(
                "ListView",
                (ObjectListView,),
                {**base, "table_class": self.table_class, "filterset_class": self.filterset_class},
            ),
            "detail": self._class("DetailView", (ObjectDetailView,), dict(base)),
            "add": self._class("CreateView", (*mixins, ObjectEditView), {**edit, "create_action": self.create_action})
            if self.form
            else None,
            "edit": self._class("EditView", (*mixins, ObjectEditView), edit) if self.edit and self.form else None,
            "delete": self._class("DeleteView", (ObjectDeleteView,), dict(base)) if self.delete else None,
        }

    def views(self) -> tuple[type, ...]:
        """The list, detail, create, edit and delete views that exist, in this order (for names in views.py)."""
        return tuple(v for k in ("list", "detail", "add", "edit", "delete") if (v := self.view_classes[k]))

    def urls(self) -> list[URLPattern]:
        return register_urls(self.prefix, name=self.model._meta.model_name, **self.view_classes)

    @cached_property
    def serializer_class(self) -> type:
        if self.serializer:
            return self.serializer
        names = ["id", *(f.name for f in self.model._meta.concrete_fields if f.name != "id")]
        written = set(self.form)
        meta = type(
            "Meta",
            (),
            {"model": self.model, "fields": names, "read_only_fields": [n for n in names if n not in written]},
        )
        return self._class("Serializer", (ValidatedModelSerializer,), {"Meta": meta})

    @cached_property
    def viewset(self) -> type:
        methods = ["get", "head", "options"]
        if self.form:
            methods.append("post")
        if self.edit and self.form:
            methods += ["put", "patch"]
        if self.delete:
            methods.append("delete")
        attrs = {
            "queryset": self.queryset(),
            "serializer_class": self.serializer_class,
            "filterset_class": self.filterset_class,
            "http_method_names": methods,
            "create_action": self.create_action,
            "__doc__": f"The register of {self.model._meta.model_name} records.",
        }
        return self._class("ViewSet", (RegisterViewSet,), attrs)


def register_api_urls(*registers: Register) -> list:
    """The API paths of an app's registers (its `api/urls.py`: ``urlpatterns = register_api_urls(a, b)``)."""
    router = DefaultRouter()
    for register in registers:
        router.register(register.prefix, register.viewset)
    return router.urls
