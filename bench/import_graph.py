"""Figures of the app import graph against the layer order declared in abonent/core/layers.py.

    .venv/bin/python bench/import_graph.py            # the figures
    .venv/bin/python bench/import_graph.py --detail   # plus every cycle pair, upward import and in-function import

Nothing is imported or run: the modules are read with `ast`. The checks behind the figures are in
abonent/core/tests/test_layers.py.
"""

from __future__ import annotations

import argparse
from collections import Counter

import _common  # noqa: F401  (puts the project root on sys.path)

from abonent.core.layers import figures, import_graph


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--detail", action="store_true", help="list the pairs and imports behind the figures")
    args = parser.parse_args()
    graph = import_graph()
    for name, value in figures(graph).items():
        print(f"{name:36} {value:5}")
    if not args.detail:
        return
    print("\napp pairs importing each other:")
    for a, b in graph.cycle_pairs():
        print(f"  {a} <-> {b}")
    print("\nupward imports:")
    for item in graph.upward():
        print(f"  {item.path}:{item.line}  {item.app} -> {item.target}")
    print("\nmodule pairs importing each other:")
    for a, b in graph.module_cycle_pairs():
        print(f"  {a} <-> {b}")
    print("\nimports inside functions, per app (all / of abonent modules):")
    everything = Counter(i.app for i in graph.function_level())
    project = Counter(i.app for i in graph.function_level(project_only=True))
    for app in graph.apps:
        print(f"  {app:12} {everything[app]:4} {project[app]:4}")


if __name__ == "__main__":
    main()
