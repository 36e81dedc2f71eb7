"""The scripts the work lists ship as data: ``worklists/data/scripts.yaml`` (win-back, seed 001 5.3.5; warm churn).

They live in the churn script library (churn.Script needs a reason group: win-back goes with "other", warm churn
with "temporary financial difficulties"), matched by title, so the head may edit them there.
"""

from pathlib import Path

from abonent.churn.models import Script
from abonent.core.defaults import DefaultsFile, Section

# The titles are the scripts' keys in the file; the work lists find their script by them.
WINBACK_TITLE = "Сценарий для обзвона ушедших абонентов"
WARM_TITLE = "Сценарий работы с «тёплым» оттоком: приостановленные, заблокированные, перестали платить"

SCRIPTS = DefaultsFile(
    Path(__file__).resolve().parent / "data" / "scripts.yaml",
    Section(
        "scripts",
        "churn.Script",
        key=("title",),
        columns=("title_en", "group", "body_ru", "body_en"),
        refs={"group": "code"},
        scope={"title__in": [WINBACK_TITLE, WARM_TITLE]},
    ),
    comment="Scripts of the work lists: win-back calls (seed 001, 5.3.5) and warm churn. Key: the Russian title;\n"
    "group is the code of the churn reason group the script is filed under.",
)

FILES = {"scripts": (SCRIPTS.load, SCRIPTS.export)}


def shipped_script(title: str):
    """The work list's script by title; the shipped scripts that are missing are created first (on a work action)."""
    script = Script.objects.filter(title=title).order_by("pk").first()
    if script is None:
        SCRIPTS.load()
        script = Script.objects.filter(title=title).order_by("pk").first()
    return script
