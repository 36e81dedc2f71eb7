"""Front-end assets taken from installed registry packages (no CDN, no network at run time).

Bootstrap comes from xstatic-bootstrap, Plotly's bundle from the plotly package; htmx is served by django-htmx itself.
"""

import os
from pathlib import Path

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage


def _vendor_files() -> dict[str, Path]:
    import plotly
    import xstatic.pkg.bootstrap as bootstrap

    bs = Path(bootstrap.BASE_DIR)
    return {
        "vendor/bootstrap/bootstrap.min.css": bs / "css" / "bootstrap.min.css",
        "vendor/bootstrap/bootstrap.bundle.min.js": bs / "js" / "bootstrap.bundle.min.js",
        "vendor/plotly/plotly.min.js": Path(plotly.__file__).parent / "package_data" / "plotly.min.js",
    }


class VendorFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        self.files = _vendor_files()

    def find(self, path, find_all=False, **kwargs):
        found = self.files.get(path)
        if found and found.exists():
            return [str(found)] if (find_all or kwargs.get("all")) else str(found)
        return [] if (find_all or kwargs.get("all")) else None

    def list(self, ignore_patterns):
        for logical, real in self.files.items():
            storage = FileSystemStorage(location=str(real.parent))
            storage.prefix = os.path.dirname(logical)
            yield real.name, storage
