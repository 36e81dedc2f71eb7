"""`abonent import` starts without the heavy libraries: a one-row file took 5 s, mostly before it was read.

The command ran every system check, and the URL checks load every view module (the risk model's pulls in
LightGBM, scikit-learn and SciPy); openpyxl and reportlab loaded with the modules that export and print. Measured in
a fresh interpreter, since this test process has long imported them all; bench/cli_startup.py times it.
"""

import json
import os
import subprocess
import sys

HEAVY = ("lightgbm", "sklearn", "scipy", "lifelines", "pandas", "openpyxl", "reportlab")

PROBE = """
import json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "abonent.settings"
from django.core.management import ManagementUtility
try:
    # The command runs its checks (if any) and fails on the missing file before it touches the database.
    ManagementUtility(["abonent", "import", "subscribers", "/nonexistent/one-row.csv", "--no-progress"]).execute()
except SystemExit:
    pass
import abonent.imports.services  # everything a CSV import of subscribers runs
import abonent.subscribers.services
print(json.dumps(sorted(m for m in %r if m in sys.modules)))
"""


def test_import_command_loads_no_heavy_library(tmp_path):
    env = {**os.environ, "ABONENT_HOME": str(tmp_path), "DATABASE_URL": ""}
    result = subprocess.run(
        [sys.executable, "-c", PROBE % (HEAVY,)], env=env, capture_output=True, text=True, check=True, timeout=120
    )
    assert "No such file" in result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
