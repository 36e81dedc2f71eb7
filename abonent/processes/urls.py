from django.urls import path

from abonent.core.urls import register_urls

from . import views
from .models import PROCESS_MODELS

app_name = "processes"

urlpatterns = [
    *register_urls("forms", views, "FormTemplate"),
    path("forms/<int:pk>/print/", views.PrintFormView.as_view(), name="formtemplate_print"),
    path("settings/", views.ProcessSettingsView.as_view(), name="processsettings_edit"),
]

for model in PROCESS_MODELS:
    name = model._meta.model_name
    found = views.VIEWS[model]
    urlpatterns += [
        *register_urls(name, list=found["list"], detail=found["detail"], edit=found["edit"]),
        path(f"{name}/<int:pk>/step/<slug:step>/", found["step"].as_view(), name=f"{name}_step"),
    ]
