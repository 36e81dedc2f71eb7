"""The layer order of the apps, and the import graph measured against it.

`TIERS` is the one place the order is declared: an app may import `core` and the apps of the tiers below its own,
never an app of its own tier or of a higher one. A higher app reaches a lower one by importing it; a lower app that
needs something done by a higher one offers a hook (a signal, or a registry contribution the higher app makes in
its `AppConfig.ready`). docs/decisions/0009-app-layers.md says why; docs/architecture.md draws it.

`import_graph()` reads every module of every app (tests and migrations left out: tests may use any app, migrations
follow the models) with `ast`, without importing anything, and returns what `abonent/core/tests/test_layers.py`
checks and `bench/import_graph.py` prints.
"""

from __future__ import annotations

import ast
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = "abonent"
ROOT = Path(__file__).resolve().parent.parent

# Lowest first. Peers in one tier do not import each other.
TIERS: list[list[str]] = [
    ["core"],  # registry, generic views, panels, actions helpers, test bases
    ["staff", "subscribers"],  # employees; subscribers and saved segments
    ["churn"],  # the disconnection request and its classifier
    ["imports"],  # the import machinery (it loads the classifier of churn too)
    ["billing"],  # the outbox of billing actions (reads imports' signal; every app above enqueues)
    ["demo", "tickets", "calls", "debts", "outages"],  # demo; sources loaded through imports; receivables; outages
    ["worklists", "callcentre", "retention", "audit", "analytics"],  # work on requests and calls
    ["scoring", "contracts", "processes", "performance"],  # built on worklists, retention and callcentre
    ["surveys", "ownership"],  # feeds scoring and worklists; owners, due dates and "my work" over every register
]

# Upward links tolerated for a while, each as (importing app, imported app): the reason. Empty since the request
# card's retention step became retention's card contribution (0008). Keep it empty.
ALLOWED_UPWARD: dict[tuple[str, str], str] = {}


def tier_of() -> dict[str, int]:
    return {app: number for number, apps in enumerate(TIERS) for app in apps}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, dotted
    path: str  # relative to the project root
    line: int
    target: str  # the imported module (or module.name), dotted
    in_function: bool
    commented: bool = False  # a comment on the import's line or the line above (the reason it is where it is)

    @property
    def app(self) -> str:
        return self.module.split(".")[1]

    @property
    def target_app(self) -> str | None:
        parts = self.target.split(".")
        return parts[1] if len(parts) > 1 and parts[0] == PACKAGE else None


@dataclass
class Graph:
    apps: list[str]
    imports: list[Import] = field(default_factory=list)

    def app_edges(self) -> Counter[tuple[str, str]]:
        """(importing app, imported app) → number of import statements, own-app imports left out."""
        edges: Counter[tuple[str, str]] = Counter()
        for item in self.imports:
            target = item.target_app
            if target in self.apps and target != item.app:
                edges[(item.app, target)] += 1
        return edges

    def cycle_pairs(self) -> list[tuple[str, str]]:
        """App pairs that import each other (each pair once, alphabetical)."""
        edges = self.app_edges()
        return sorted({tuple(sorted(pair)) for pair in edges if (pair[1], pair[0]) in edges})

    def cycles(self) -> list[list[str]]:
        """Strongly connected groups of more than one app (any cycle, of any length)."""
        graph: dict[str, set[str]] = {app: set() for app in self.apps}
        for a, b in self.app_edges():
            graph[a].add(b)
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        stack: list[str] = []
        on_stack: set[str] = set()
        groups: list[list[str]] = []

        def visit(node: str) -> None:  # Tarjan; 17 apps, so the recursion is shallow
            index[node] = low[node] = len(index)
            stack.append(node)
            on_stack.add(node)
            for nxt in sorted(graph[node]):
                if nxt not in index:
                    visit(nxt)
                    low[node] = min(low[node], low[nxt])
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if low[node] == index[node]:
                group = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    group.append(top)
                    if top == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))

        for app in self.apps:
            if app not in index:
                visit(app)
        return sorted(groups)

    def upward(self) -> list[Import]:
        """Imports of an app of the same or a higher tier (apps missing from TIERS count as upward too)."""
        tiers = tier_of()
        found = []
        for item in self.imports:
            target = item.target_app
            if target is None or target == item.app or target not in self.apps:
                continue
            if item.app not in tiers or target not in tiers or tiers[target] >= tiers[item.app]:
                found.append(item)
        return found

    def module_cycle_pairs(self) -> list[tuple[str, str]]:
        """Module pairs that import each other (at module level or inside a function)."""
        modules = {item.module for item in self.imports}
        edges = set()
        for item in self.imports:
            target = _owning_module(item.target, modules)
            if target and target != item.module:
                edges.add((item.module, target))
        return sorted({tuple(sorted(pair)) for pair in edges if (pair[1], pair[0]) in edges})

    def function_level(self, project_only: bool = False) -> list[Import]:
        return [i for i in self.imports if i.in_function and (not project_only or i.target_app is not None)]

    def unexplained(self) -> list[Import]:
        """Imports of abonent modules inside functions with no stated reason.

        `AppConfig.ready` (apps.py) is Django's place for them and needs none; links in ALLOWED_UPWARD are being
        removed and are reported by the upward check instead.
        """
        return [
            i
            for i in self.function_level(project_only=True)
            if not i.commented and not i.path.endswith("/apps.py") and (i.app, i.target_app) not in ALLOWED_UPWARD
        ]


def _owning_module(target: str, modules: set[str]) -> str | None:
    parts = target.split(".")
    while parts:
        name = ".".join(parts)
        if name in modules:
            return name
        parts.pop()
    return None


def _module_name(path: Path) -> tuple[str, list[str]]:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
        return ".".join(parts), parts
    return ".".join(parts), parts[:-1]


class _Collector(ast.NodeVisitor):
    def __init__(self, module: str, package: list[str], path: str, lines: list[str]):
        self.module, self.package, self.path, self.lines = module, package, path, lines
        self.depth = 0
        self.found: list[Import] = []

    def _function(self, node: ast.AST) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def _add(self, target: str, node: ast.stmt) -> None:
        around = self.lines[max(node.lineno - 2, 0) : node.end_lineno]
        commented = any("#" in line for line in around)
        self.found.append(Import(self.module, self.path, node.lineno, target, self.depth > 0, commented))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name, node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.package[: len(self.package) - node.level + 1]
            base = base + (node.module.split(".") if node.module else [])
        else:
            base = node.module.split(".") if node.module else []
        if node.module is None or (node.level == 0 and len(base) == 1):
            # `from . import x` / `from abonent import x`: each name is a module of its own
            for alias in node.names:
                self._add(".".join([*base, alias.name]), node)
        else:
            self._add(".".join(base), node)


def import_graph(root: Path = ROOT) -> Graph:
    apps = sorted(p.name for p in root.iterdir() if (p / "apps.py").exists())
    graph = Graph(apps=apps)
    for app in apps:
        for path in sorted((root / app).rglob("*.py")):
            rel = path.relative_to(root / app).parts
            if "migrations" in rel or "tests" in rel:
                continue
            module, package = _module_name(path)
            text = path.read_text(encoding="utf-8")
            collector = _Collector(module, package, str(path.relative_to(root.parent)), text.splitlines())
            collector.visit(ast.parse(text, filename=str(path)))
            graph.imports.extend(collector.found)
    return graph


def figures(graph: Graph | None = None) -> dict[str, int]:
    graph = graph or import_graph()
    return {
        "app pairs importing each other": len(graph.cycle_pairs()),
        "apps in an import cycle": sum(len(group) for group in graph.cycles()),
        "upward imports": len(graph.upward()),
        "module pairs importing each other": len(graph.module_cycle_pairs()),
        "imports inside functions": len(graph.function_level()),
        "of them of abonent modules": len(graph.function_level(project_only=True)),
        "of them with no reason given": len(graph.unexplained()),
    }
