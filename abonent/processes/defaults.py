"""The application forms as data: ``processes/data/forms.yaml`` (seed 001, 4.4), matched by kind.

The texts are Django templates. Context when printing: subscriber, record (the process record, may be empty),
request (its disconnection request), operator (ProcessSettings: operator_name, director_name), today, phone,
employee, blank (a line to fill in by hand).
"""

from pathlib import Path

from abonent.core.defaults import DefaultsFile, Section

FORMS = DefaultsFile(
    Path(__file__).resolve().parent / "data" / "forms.yaml",
    Section(
        "forms",
        "processes.FormTemplate",
        key=("kind",),
        columns=("title", "header", "body", "footer", "is_default"),
    ),
    comment="The application forms (seed 001, 4.4): Django templates printed for the subscriber to sign.\n"
    "Context: subscriber, record, request, operator, today, phone, employee, blank. Key: the kind.",
)

FILES = {"forms": (FORMS.load, FORMS.export)}
