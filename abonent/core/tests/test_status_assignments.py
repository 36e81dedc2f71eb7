"""Status fields are changed only by an app's ``actions.py`` (issue 10, item 3).

The walker reads every module under ``abonent/`` except migrations and tests and reports each place that
assigns a model's status field: ``obj.status = ...``, ``setattr(obj, "status", ...)``, ``.update(status=...)``,
``bulk_update(..., ["status"])`` and ``.objects.create(status=...)``/``get_or_create``/``update_or_create``
with a status other than the initial one. Creating a row with ``status=`` is allowed outside actions only when
the value is the model's initial state (``PENDING``/``OPEN``/``NEW``/``ACTIVE``/``DRAFT``): that is the row's
birth, not a transition.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STATUS_FIELDS = {"status"}
INITIAL_STATES = {"PENDING", "OPEN", "NEW", "ACTIVE", "DRAFT", "pending", "open", "new", "active", "draft"}
CREATE_CALLS = {"create", "get_or_create", "update_or_create", "bulk_create"}


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "migrations" in parts or "tests" in parts or path.name == "actions.py":
            continue
        yield path


def _is_initial(node: ast.AST) -> bool:
    if isinstance(node, ast.Attribute):
        return node.attr in INITIAL_STATES
    if isinstance(node, ast.Constant):
        return node.value in INITIAL_STATES
    return False


def status_assignments(path: Path, root: Path = ROOT) -> list[str]:
    """``file:line`` of every status assignment in one module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(root.parent)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                elts = target.elts if isinstance(target, ast.Tuple) else [target]
                for elt in elts:
                    if isinstance(elt, ast.Attribute) and elt.attr in STATUS_FIELDS:
                        found.append(f"{rel}:{node.lineno} {ast.unparse(elt)} =")
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "setattr" and len(node.args) >= 2:
                arg = node.args[1]
                if isinstance(arg, ast.Constant) and arg.value in STATUS_FIELDS:
                    found.append(f"{rel}:{node.lineno} setattr(..., {arg.value!r})")
            elif name == "update":
                if any(kw.arg in STATUS_FIELDS for kw in node.keywords):
                    found.append(f"{rel}:{node.lineno} .update(status=...)")
            elif name == "bulk_update":
                fields = node.args[1] if len(node.args) >= 2 else None
                for kw in node.keywords:
                    if kw.arg == "fields":
                        fields = kw.value
                if isinstance(fields, (ast.List, ast.Tuple)) and any(
                    isinstance(e, ast.Constant) and e.value in STATUS_FIELDS for e in fields.elts
                ):
                    found.append(f"{rel}:{node.lineno} bulk_update([... 'status'])")
            elif name in CREATE_CALLS:
                for kw in node.keywords:
                    if kw.arg in STATUS_FIELDS and not _is_initial(kw.value):
                        found.append(f"{rel}:{node.lineno} .{name}(status={ast.unparse(kw.value)})")
                    if kw.arg == "defaults" and isinstance(kw.value, ast.Dict):
                        for key, value in zip(kw.value.keys, kw.value.values, strict=True):
                            if isinstance(key, ast.Constant) and key.value in STATUS_FIELDS and not _is_initial(value):
                                found.append(f"{rel}:{node.lineno} .{name}(defaults={{'status': ...}})")
    return found


def all_status_assignments() -> list[str]:
    return [hit for path in _modules() for hit in status_assignments(path)]


def test_status_is_assigned_only_in_actions():
    hits = all_status_assignments()
    assert not hits, "status assigned outside actions.py:\n" + "\n".join(hits)


def test_the_walker_finds_each_form(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "obj.status = 'x'\n"
        "setattr(obj, 'status', 'x')\n"
        "Model.objects.filter(pk=1).update(status='closed')\n"
        "Model.objects.bulk_update(rows, ['status'])\n"
        "Model.objects.create(status=Status.CLOSED)\n"
        "Model.objects.create(status=Status.PENDING)\n"
        "obj.status_note = 'x'\n"
    )
    hits = status_assignments(module, root=tmp_path)
    assert sorted(hit.split(" ")[0] for hit in hits) == [f"{tmp_path.name}/m.py:{n}" for n in (1, 2, 3, 4, 5)]
