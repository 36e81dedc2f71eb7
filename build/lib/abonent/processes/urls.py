from django.urls import path

from . import views
from .models import PROCESS_MODELS

app_name = "processes"

urlpatterns = [
    path("forms/", views.FormTemplateListView.as_view(), name="formtemplate_list"),
    path("forms/add/", views.FormTemplateEditView.as_view(), name="formtemplate_add"),
    path("forms/<int:pk>/", views.FormTemplateDetailView.as_view(), name="formtemplate_detail"),
    path("forms/<int:pk>/edit/", views.FormTemplateEditView.as_view(), name="formtemplate_edit"),
    path("forms/<int:pk>/print/", views.PrintFormView.as_view(), name="formtemplate_print"),
    path("settings/", views.ProcessSettingsView.as_view(), name="processsettings_edit"),
]

for model in PROCESS_MODELS:
    name = model._meta.model_name
    found = views.VIEWS[model]
    urlpatterns += [
        path(f"{name}/", found["list"].as_view(), name=f"{name}_list"),
        path(f"{name}/add/", found["edit"].as_view(), name=f"{name}_add"),
        path(f"{name}/<int:pk>/", found["detail"].as_view(), name=f"{name}_detail"),
        path(f"{name}/<int:pk>/edit/", found["edit"].as_view(), name=f"{name}_edit"),
        path(f"{name}/<int:pk>/step/<slug:step>/", found["step"].as_view(), name=f"{name}_step"),
    ]
