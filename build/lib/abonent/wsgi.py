import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "abonent.settings")
application = get_wsgi_application()

# Imports a previous process left running died with it: mark them failed now (docs/imports/README.md).
from abonent.imports.services import sweep_quietly  # noqa: E402

sweep_quietly()
