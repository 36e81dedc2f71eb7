# Sourced by scripts/up and scripts/test: a virtualenv in .venv with the pinned lock file, the package installed
# in editable mode (so `abonent` is on PATH), and the Russian/English catalogs compiled.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# Reinstall only when the lock file or pyproject changed since the last install.
stamp=".venv/.abonent-installed"
want="$(cat requirements.lock pyproject.toml scripts/build-constraints.txt | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "Installing Abonent and its pinned dependencies into .venv ..."
  .venv/bin/python -m pip install -q --upgrade "pip>=25.3"
  # xstatic-bootstrap's sdist still imports pkg_resources, which newer setuptools dropped.
  .venv/bin/python -m pip install -q --build-constraint scripts/build-constraints.txt -r requirements.lock
  .venv/bin/python -m pip install -q --no-deps --build-constraint scripts/build-constraints.txt -e .
  echo "$want" > "$stamp"
fi
export PATH="$ROOT/.venv/bin:$PATH"
if command -v msgfmt >/dev/null 2>&1; then
  (cd abonent && abonent compilemessages -v0 >/dev/null)
else
  echo "note: gettext (msgfmt) is not installed; the UI falls back to English strings (apt-get install gettext)." >&2
fi
