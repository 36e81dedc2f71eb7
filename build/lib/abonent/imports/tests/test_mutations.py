"""Every import kind against its sample files broken the ways exports break (mutations.py says how and why).

For each mutated file the import either succeeds with what a user would expect of that file, or fails with a
clear error (file, row or column, expected) and changes nothing; it never raises, never stays running, and never
takes more than a few seconds. IMPORT_MUTATION_REPORT=path appends every verdict to that file (JSON lines).

A longer, random run (byte flips, cuts and insertions on top of the fixed mutations):
    IMPORT_FUZZ_EXAMPLES=2000 pytest -q -p no:xdist abonent/imports/tests/test_mutations.py -k random
"""

import json
import os

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from abonent.imports.tests import mutations as m

SAMPLES = m.samples()


def _report(verdicts):
    path = os.environ.get("IMPORT_MUTATION_REPORT")
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            for v in verdicts:
                fh.write(json.dumps({**v.__dict__, "after": None}, ensure_ascii=False) + "\n")


@pytest.fixture
def limits(settings):
    """Small XLSX limits, so the bombs of the harness are refused in a moment (the defaults are documented)."""
    settings.IMPORT_XLSX_MAX_UNPACKED_MB = 16
    settings.IMPORT_XLSX_MAX_ROWS = 5_000


@pytest.mark.django_db
@pytest.mark.parametrize("sample", SAMPLES, ids=[f"{s.kind}-{s.name}" for s in SAMPLES])
def test_mutated_files_import_exactly_or_fail_clearly(sample, tmp_path, limits):
    m.setup(sample.kind, tmp_path)
    run = m.check(sample, m.Mutation("original", sample.data, frozenset({m.ANY})), tmp_path, {})
    assert run.outcome == "succeeded", run.findings
    original, before = run.after, m.fingerprint()
    verdicts = [m.check(sample, mutation, tmp_path, original, before=before) for mutation in m.mutations(sample)]
    _report(verdicts)
    found = [(v.mutation, v.findings) for v in verdicts if v.findings]
    assert not found, m.summary(verdicts) + "\n" + "\n".join(f"{name}: {f}" for name, f in found)


FUZZ = int(os.environ.get("IMPORT_FUZZ_EXAMPLES", "12"))
TEXT_SAMPLES = [s for s in SAMPLES if not s.xlsx]


@st.composite
def damaged(draw):
    """A sample file with a few random cuts, insertions and byte changes."""
    sample = draw(st.sampled_from(TEXT_SAMPLES))
    data = bytearray(sample.data)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, max(0, len(data) - 1)))
        op = draw(st.sampled_from(["cut", "insert", "replace", "truncate"]))
        if op == "cut":
            del data[at : at + draw(st.integers(1, 40))]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif op == "replace" and data:
            data[at] = draw(st.integers(0, 255))
        else:
            del data[at:]
    return sample, bytes(data)


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=FUZZ, deadline=None, derandomize=FUZZ <= 12, suppress_health_check=list(HealthCheck), database=None
)
@given(case=damaged())
def test_random_damage_never_breaks_the_import(case, tmp_path_factory):
    sample, data = case
    tmp = tmp_path_factory.mktemp("fuzz")
    with transaction.atomic():
        m.setup(sample.kind, tmp)
        mutation = m.Mutation("random", data, frozenset({m.ANY, m.FAIL}))
        verdict = m.check(sample, mutation, tmp, {})
        transaction.set_rollback(True)
    _report([verdict])
    # A success may hold any rows (a random byte can make a valid other value); the rest may never happen.
    assert not verdict.findings, (sample.name, data[:300], verdict.findings)
