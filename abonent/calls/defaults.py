"""The call classifier as data: ``calls/data/call_types.yaml`` (seed 002), matched by call type code."""

from pathlib import Path

from abonent.core.defaults import DefaultsFile, Section

CALL_TYPES = DefaultsFile(
    Path(__file__).resolve().parent / "data" / "call_types.yaml",
    Section(
        "call_types",
        "calls.CallType",
        key=("code",),
        columns=("name_ru", "name_en", "order", "callback_priority", "is_missed", "is_archived"),
        order_by=("order", "code"),
    ),
    comment="The call classifier (seed 002); is_missed marks the type of calls that did not take place.\n"
    "Key: the call type code.",
)

FILES = {"call_types": (CALL_TYPES.load, CALL_TYPES.export)}
