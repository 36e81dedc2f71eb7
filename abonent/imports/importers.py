"""Import kinds of the apps below imports (they may not import it): the churn classifier, `churn_classifier`.

A YAML file in the shape of `churn/data/classifier.yaml` (docs/defaults.md), reason and group codes as keys. All or
nothing; existing rows are updated (reset=True), since importing a classifier file is the operator's explicit wish
to make it the current one.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from abonent.churn.defaults import ClassifierFileError, load_classifier, read_classifier

from .kinds import ImportKind
from .loaders import Counts
from .services import begin_run, fail_run, guard, succeed_run

KIND = "churn_classifier"


def import_classifier(path: Path, *, file_name: str, user=None, source: str = "ui", run, progress=None, **options):
    """Fill `run` with the result of importing the classifier file at `path` and return it."""
    reporter = begin_run(run, progress)

    def work():
        try:
            data = read_classifier(path)
        except ClassifierFileError as error:
            detail = {
                "file": file_name,
                "row": error.row,
                "column": f"{error.section}.{error.column}",
                "value": "",
                "expected": str(error).split(": ", 2)[-1],
            }
            return fail_run(run, [detail], str(error).replace(str(path), file_name), reporter)
        run.rows_total = len(data["groups"]) + len(data["reasons"])
        result = load_classifier(path, reset=True)
        return succeed_run(run, Counts(result.created, result.updated, result.unchanged), [], reporter)

    return guard(run, reporter, work)


KINDS = [ImportKind(KIND, _("Churn reason classifier (YAML)"), import_classifier)]
