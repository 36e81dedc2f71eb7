"""API error messages follow the request's language, as the pages do (LocaleMiddleware reads Accept-Language)."""

import ast
from pathlib import Path

import pytest

import abonent

ERRORS = {"ValidationError", "PermissionDenied", "NotFound", "ParseError", "APIException", "NotAcceptable"}


@pytest.mark.parametrize(
    ("language", "message"),
    [("ru", "Период заканчивается раньше, чем начинается."), ("en", "The period ends before it starts.")],
)
def test_staffing_api_answers_in_the_request_language(api_client_for, language, message):
    api = api_client_for("analyst")
    response = api.get(
        "/api/callcentre/staffing/", {"start": "2026-11-23", "end": "2026-11-01"}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 400
    assert response.json() == {"end": [message]}


def _literals(node) -> list[ast.AST]:
    """Plain string literals (not passed through gettext) that end up in an error message."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) or isinstance(node, ast.JoinedStr):
        return [node]
    if isinstance(node, ast.Dict):
        return [found for value in node.values for found in _literals(value)]
    if isinstance(node, ast.List | ast.Tuple):
        return [found for item in node.elts for found in _literals(item)]
    return []


def _name(func) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def test_no_api_error_message_is_an_untranslated_literal():
    """The class of the staffing defect: a message written as a plain string is English whatever the request asks."""
    root = Path(abonent.__file__).parent
    found = []
    for path in sorted(root.glob("*/api/*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node.func)
            if name in ERRORS:
                arguments = list(node.args) + [k.value for k in node.keywords if k.arg in ("detail", "message")]
            elif name == "Response" and node.args and isinstance(node.args[0], ast.Dict):
                detail = [
                    v
                    for k, v in zip(node.args[0].keys, node.args[0].values, strict=True)
                    if getattr(k, "value", None) == "detail"
                ]
                arguments = detail
            else:
                continue
            for literal in (found for argument in arguments for found in _literals(argument)):
                found.append(f"{path.relative_to(root)}:{literal.lineno}")
    assert found == []
