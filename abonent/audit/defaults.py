"""The audit scorecard's targets as data: ``audit/data/targets.yaml``, matched by metric code."""

from pathlib import Path

from abonent.core.defaults import DefaultsFile, Section

TARGETS = DefaultsFile(
    Path(__file__).resolve().parent / "data" / "targets.yaml",
    Section("targets", "audit.AuditTarget", key=("code",), columns=("target", "amber", "direction", "note"), flow=True),
    comment="The audit scorecard's targets: the target, the amber threshold and whether higher is better.\n"
    "Key: the metric code.",
)

FILES = {"targets": (TARGETS.load, TARGETS.export)}
