"""The hidden-churn script as data: ``scoring/data/hidden_script.yaml`` (речевой модуль для скрытого оттока).

It is a churn.Script filed under the service-quality group, matched by its Russian title. No migration ships it:
the first hidden-churn task creates it, and until then the page shows the file's text. It is not in ``FILES``:
`abonent load_defaults` creates only what a fresh install already has, so a first run changes nothing.
"""

from pathlib import Path

from abonent.core.defaults import DefaultsFile, Section

# The script's key in the file; scoring finds the operator's copy by it.
HIDDEN_SCRIPT_TITLE = "Скрытый отток: абонент платит, но не пользуется"

HIDDEN_SCRIPT = DefaultsFile(
    Path(__file__).resolve().parent / "data" / "hidden_script.yaml",
    Section(
        "scripts",
        "churn.Script",
        key=("title",),
        columns=("title_en", "group", "body_ru", "body_en"),
        refs={"group": "code"},
        scope={"title": HIDDEN_SCRIPT_TITLE},
    ),
    comment="The hidden-churn script: for a subscriber who pays but does not use the service. Key: the Russian\n"
    "title; group is the code of the churn reason group the script is filed under.",
)


def shipped_hidden_script() -> dict:
    """The file's row of the hidden-churn script (its group as a code)."""
    return next(row for row in HIDDEN_SCRIPT.read()["scripts"] if row["title"] == HIDDEN_SCRIPT_TITLE)
