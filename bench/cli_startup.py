"""How long the `abonent` command takes to start: `abonent help` against `abonent import` of a one-row file.

Most of a small import's time was start-up (heavy libraries imported by every command, checks the command does not
need), not the file. In one run, on a throw-away SQLite database migrated first, the script times each command
several times, takes the median, and prints the ratio; the target is a one-row import within 1.5× of `abonent help`.

    .venv/bin/python bench/cli_startup.py            # 7 runs of each
    .venv/bin/python bench/cli_startup.py --runs 11
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROW = (
    "account;kind;name;phones;city;district;street;building;flat;connected_on;status;disconnected_on;churn_reason\n"
    "100001;residential;Иванов Иван Иванович;+7 912 345-67-89;Екатеринбург;Ленинский;ул. Ленина;10;25;"
    "15.03.2019;active;;\n"
)
TARGET = 1.5


def abonent() -> str:
    """The `abonent` entry point next to this Python (the virtualenv's), else the one on PATH."""
    candidate = Path(sys.executable).with_name("abonent")
    return str(candidate) if candidate.exists() else shutil.which("abonent") or "abonent"


def timed(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="Runs of each command (the median is kept)")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="abonent-cli-"))
    try:
        env = {**os.environ, "ABONENT_HOME": str(home), "DATABASE_URL": ""}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        exe = abonent()
        subprocess.run([exe, "migrate", "-v0"], env=env, check=True)
        data = home / "one-row.csv"
        data.write_text(ROW, encoding="utf-8")
        commands = {
            "help": [exe, "help"],
            "import (1 row)": [exe, "import", "subscribers", str(data), "--no-progress"],
        }
        for command in commands.values():  # warm the file cache and the bytecode once
            timed(command, env)
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):  # interleaved, so both see the same load on the machine
            for name, command in commands.items():
                samples[name].append(timed(command, env))
        medians = {name: statistics.median(values) for name, values in samples.items()}
        for name, values in samples.items():
            runs = ", ".join(f"{v:.2f}" for v in values)
            print(f"{name:<16} median {medians[name]:.2f} s  (runs {runs})")
        ratio = medians["import (1 row)"] / medians["help"]
        verdict = "PASS" if ratio <= TARGET else "FAIL"
        print(f"ratio import / help: {ratio:.2f}×  (target ≤ {TARGET}×)  {verdict}")
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
