"""Checks every register's tests share: list, detail, export, permissions, query count.

    check_register_views(client_for, obj, viewer="analyst", outsider=None, max_queries=20)

lists and opens `obj` as a role that may view it, exports the list to XLSX and finds the record there, and
(when `outsider` is given) checks that role gets 403.
"""

import re
from dataclasses import dataclass, field
from html import unescape
from io import BytesIO
from urllib.parse import urlencode

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, reverse
from openpyxl import load_workbook


def list_url(model) -> str:
    return reverse(f"{model._meta.app_label}:{model._meta.model_name}_list")


def xlsx_rows(response) -> list[list]:
    """The first sheet of an XLSX response as lists of cell values, header first."""
    assert response["Content-Type"].startswith("application/vnd.openxmlformats"), response["Content-Type"]
    sheet = load_workbook(BytesIO(response.content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def check_register_views(client_for, obj, *, viewer: str, outsider: str | None = None, max_queries: int = 25):
    model = type(obj)
    client = client_for(viewer)
    url = list_url(model)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert len(queries) <= max_queries, f"{url} ran {len(queries)} queries (N+1?)"
    detail = client.get(obj.get_absolute_url())
    assert detail.status_code == 200
    rows = xlsx_rows(client.get(url, {"export": "xlsx"}))
    assert len(rows) >= 2, "the export has the header and at least the record"
    if outsider:
        client.logout()
        other = client_for(outsider)
        assert other.get(url).status_code == 403
        assert other.get(obj.get_absolute_url()).status_code == 403
    return rows


def restore_shipped_data() -> None:
    """Run every Abonent data migration again (they are idempotent): a transactional test's flush empties the
    tables, which also removes what the migrations shipped (classifier, call types, matrix, forms, targets…)."""
    import importlib
    import pkgutil

    from django.apps import apps
    from django.db import migrations

    for config in apps.get_app_configs():
        if not config.name.startswith("abonent."):
            continue
        try:
            package = importlib.import_module(f"{config.name}.migrations")
        except ModuleNotFoundError:
            continue
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            migration = getattr(module, "Migration", None)
            for operation in getattr(migration, "operations", []):
                if isinstance(operation, migrations.RunPython):
                    operation.code(apps, None)


# Crawling every page, export and API endpoint a user can reach ------------------------------------------------------
#
# The guards of a whole class of defect (a phone shown to a role that may not see it, a formula in an export) must
# cover a page or an endpoint added tomorrow without anyone editing them, so they find the targets themselves: the
# UI pages from the URL resolver (a record's page with the first record of the view's model), the exports from the
# links on those pages, the API from its OpenAPI schema (a record's endpoint with the first id of its list).

UI_SKIPPED = ("admin/", "api/", "i18n/", "login/", "logout/")
EXPORT_LINK = re.compile(r'href="([^"]*[?&](?:amp;)?export=[^"]*)"')
LINK = re.compile(r'href="(/[^"#]*)"')


@dataclass
class Fetched:
    """What a crawl fetched: `kind` page, export or api; `name` the URL name or the API path template."""

    kind: str
    name: str
    url: str
    status: int
    content_type: str = ""
    body: bytes = b""


@dataclass
class Crawl:
    fetched: list[Fetched] = field(default_factory=list)
    # URL names (or API paths) that could not be fetched for want of an argument, with the reason.
    unreached: dict[str, str] = field(default_factory=dict)

    def ok(self, kind: str | None = None) -> list[Fetched]:
        return [f for f in self.fetched if f.status == 200 and (kind is None or f.kind == kind)]


def url_patterns(patterns=None, prefix: str = "", namespace: str | None = None):
    """(route, URL name with its namespaces, URLPattern) of every named URL, the whole site's by default."""
    if patterns is None:
        from django.urls import get_resolver

        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), ns or namespace)
        elif pattern.name:
            yield prefix + str(pattern.pattern), f"{namespace}:{pattern.name}" if namespace else pattern.name, pattern


def view_model(view):
    model = getattr(view, "model", None)
    queryset = getattr(view, "queryset", None)
    return model if model is not None else getattr(queryset, "model", None)


def _model_named(name: str):
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.model_name == name and model._meta.app_config.name.startswith("abonent."):
            return model
    return None


def _kwargs_for(view, names: list[str], samples: dict) -> tuple[dict | None, str]:
    """Arguments for a URL pattern: `pk` and model fields from the first record of the view's model, another
    model's name from that model's first record, anything else from `samples` (name → callable)."""
    model = view_model(view)
    first = model._default_manager.order_by("pk").first() if model is not None else None
    fields = {f.name: f.attname for f in model._meta.concrete_fields} if model is not None else {}
    kwargs = {}
    for name in names:
        if name in samples:
            kwargs[name] = samples[name]()
        elif first is not None and (name == "pk" or name in fields):
            kwargs[name] = getattr(first, fields.get(name, "pk"))
        elif (other := _model_named(name)) is not None and (obj := other._default_manager.first()) is not None:
            kwargs[name] = obj.pk
        else:
            return None, f"no value for <{name}>" + ("" if model is None or first else f": no {model.__name__} yet")
    return kwargs, ""


def ui_targets(samples: dict | None = None) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """Every GET page of the UI as (URL name, URL), and the names that could not be built with the reason.

    `samples` maps a URL name to {argument: callable} for arguments no model names (a token, a file kind).
    """
    from django.urls import reverse

    targets, unreached = [], {}
    for route, name, pattern in url_patterns():
        if route.startswith(UI_SKIPPED):
            continue
        view = getattr(pattern.callback, "view_class", None)
        if view is not None and not hasattr(view, "get"):
            continue  # POST-only: an action, not a page
        names = list(getattr(pattern.pattern, "converters", {}))
        kwargs, why = _kwargs_for(view, names, (samples or {}).get(name, {})) if names else ({}, "")
        if kwargs is None:
            unreached[name] = why
            continue
        targets.append((name, reverse(name, kwargs=kwargs)))
    return targets, unreached


def api_targets(client, params: dict) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """Every GET endpoint of the OpenAPI schema as (path template, URL) for `client`'s user: `{id}` is the first id
    its list returns; required query parameters come from `params` (name → value)."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    targets, unreached, first_ids = [], {}, {}
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        query, url = {}, path
        for param in operations["get"].get("parameters", []):
            if param["in"] == "query" and param.get("required"):
                if param["name"] not in params:
                    unreached[path] = f"no value for the query parameter {param['name']}"
                query[param["name"]] = params.get(param["name"], "")
        if path in unreached:
            continue
        if "{id}" in path:
            parent = path.split("{id}")[0]
            if parent not in first_ids:
                response = client.get(parent)
                data = response.json() if response.status_code == 200 else None
                rows = data.get("results", data) if isinstance(data, dict) else data
                first_ids[parent] = rows[0]["id"] if rows and isinstance(rows, list) and "id" in rows[0] else None
            if first_ids[parent] is None:
                unreached[path] = f"{parent} lists nothing this user may see"
                continue
            url = path.replace("{id}", str(first_ids[parent]))
        targets.append((path, url + ("?" + urlencode(query) if query else "")))
    return targets, unreached


def _fetch(client, kind: str, name: str, url: str) -> Fetched:
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return Fetched(kind, name, url, response.status_code, response.get("Content-Type", ""), body)


def crawl(
    client, *, samples: dict | None = None, api_params: dict | None = None, api: bool = True, exports: bool = True
) -> Crawl:
    """GET every UI page, (with `exports`) every export linked from them and (with `api`) every API endpoint as
    `client`'s user.

    A page that needs an argument no model gives is reached through a link to it on another page when there is one.
    """
    from django.urls import Resolver404, resolve

    result = Crawl()
    targets, result.unreached = ui_targets(samples)
    links: dict[str, str] = {}
    export_urls: dict[str, str] = {}
    for name, url in targets:
        page = _fetch(client, "page", name, url)
        result.fetched.append(page)
        if page.status != 200 or not page.content_type.startswith("text/html"):
            continue
        text = page.body.decode("utf-8", "replace")
        for href in EXPORT_LINK.findall(text):
            href = unescape(href)
            export_urls.setdefault(
                f"{name} {href.split('?')[-1]}", url.split("?")[0] + href if href[0] == "?" else href
            )
        for href in LINK.findall(text):
            try:
                links.setdefault(resolve(unescape(href).split("?")[0]).view_name, unescape(href))
            except Resolver404:
                continue
    reached = {f.name for f in result.fetched if f.status == 200}
    for name in list(result.unreached) + [f.name for f in result.fetched if f.status == 404]:
        if name in links and name not in reached:
            result.fetched.append(_fetch(client, "page", name, links[name]))
            result.unreached.pop(name, None)
    for name, url in export_urls.items() if exports else ():
        result.fetched.append(_fetch(client, "export", name, url))
    if api:
        endpoints, unreached = api_targets(client, api_params or {})
        result.unreached.update(unreached)
        for name, url in endpoints:
            result.fetched.append(_fetch(client, "api", name, url))
    return result


@dataclass
class Link:
    url: str
    status: int
    found_on: str  # the URL of the first page that showed it


def page_links(result: Crawl, per_view: int = 2) -> dict[str, str]:
    """Every same-site link but exports on the HTML pages the crawl opened (the forbidden pages' menus too), as
    URL → the page it was first seen on; besides the pages the crawl opened, at most `per_view` URLs of one view, the
    first seen (a list's hundred row links open one card view: a few of them say whether the role may open it)."""
    from django.urls import Resolver404, resolve

    links: dict[str, str] = {}
    per: dict[str, int] = {}
    opened = {fetched.url for fetched in result.fetched}
    for fetched in result.fetched:
        if fetched.kind != "page" or not fetched.content_type.startswith("text/html"):
            continue
        for href in LINK.findall(fetched.body.decode("utf-8", "replace")):
            href = unescape(href)
            if href in links or href.lstrip("/").startswith(UI_SKIPPED) or "export=" in href:
                continue
            try:
                view = resolve(href.split("?")[0]).view_name
            except Resolver404:
                continue
            if href not in opened:
                if per.get(view, 0) >= per_view:
                    continue
                per[view] = per.get(view, 0) + 1
            links[href] = fetched.url
    return links


def forbidden_links(client, result: Crawl, per_view: int = 2) -> list[Link]:
    """The links on the crawled pages that answer 403 for `client`'s user: dead ends the page should not show."""
    dead = []
    # A link to a page the crawl has opened already is judged by that answer, not fetched again.
    known = {fetched.url: fetched.status for fetched in result.fetched}
    for url, found_on in page_links(result, per_view).items():
        status = known[url] if url in known else client.get(url).status_code
        if status == 403:
            dead.append(Link(url, status, found_on))
    return dead


# Numbers a browser or a script reads from the markup: in these places a localised "26,9" is not a number.
SVG_NUMBERS = {"x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "ry", "width", "height", "stroke-width"}
SVG_NUMBERS |= {"font-size", "opacity", "fill-opacity", "stroke-opacity", "offset"}
COMMA_DECIMAL = re.compile(r"^[-+]?\d+,\d+$")
STYLE_COMMA_DECIMAL = re.compile(r"\d,\d+\s*(?:%|px|rem|em|vh|vw)")


def _is_number(text: str) -> bool:
    try:
        float(text.strip().removesuffix("%").removesuffix("px"))
    except ValueError:
        return False
    return True


def _strings(data):
    """Every string in a parsed JSON document (chart data: a number formatted for people has no place there)."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def unlocalised_markup(html: str) -> list[str]:
    """Numbers in markup a browser or a script cannot read: an SVG attribute, a viewBox or points, an aria value, a
    `data-*` attribute or a style with a comma decimal, a JSON script (json_script) that does not parse or holds a
    comma-decimal string."""
    import json
    from html.parser import HTMLParser

    problems = []

    class Parser(HTMLParser):
        svg = 0
        json_data = None

        def handle_starttag(self, tag, attrs):
            if tag == "svg":
                self.svg += 1
            for name, value in attrs:
                value = value or ""
                if self.svg and name in SVG_NUMBERS and value and not _is_number(value):
                    problems.append(f"<{tag} {name}={value!r}>")
                elif self.svg and name == "viewbox" and not all(_is_number(v) for v in value.split()):
                    problems.append(f"<{tag} viewBox={value!r}>")
                elif (
                    self.svg
                    and name == "points"
                    and not all(
                        len(pair.split(",")) == 2 and all(_is_number(v) for v in pair.split(","))
                        for pair in value.split()
                    )
                ):
                    problems.append(f"<{tag} points={value!r}>")
                elif name.startswith("aria-value") and name != "aria-valuetext" and not _is_number(value):
                    problems.append(f"<{tag} {name}={value!r}>")
                elif name.startswith("data-") and COMMA_DECIMAL.match(value.strip()):
                    problems.append(f"<{tag} {name}={value!r}>")
                elif name == "style" and STYLE_COMMA_DECIMAL.search(value):
                    problems.append(f"<{tag} style={value!r}>")
            if tag == "script" and dict(attrs).get("type") == "application/json":
                self.json_data = ""

        def handle_endtag(self, tag):
            if tag == "svg":
                self.svg -= 1
            if tag == "script" and self.json_data is not None:
                try:
                    data = json.loads(self.json_data)
                except ValueError as exc:
                    problems.append(f"JSON script: {exc}")
                else:
                    problems.extend(f"JSON script: {v!r}" for v in _strings(data) if COMMA_DECIMAL.match(v))
                self.json_data = None

        def handle_data(self, data):
            if self.json_data is not None:
                self.json_data += data

    Parser(convert_charrefs=True).feed(html)
    return problems


def response_text(fetched: Fetched) -> str:
    """The text a user reads in a response: an XLSX's cells (one a line), a PDF's text, else the body decoded."""
    if "spreadsheetml" in fetched.content_type:
        book = load_workbook(BytesIO(fetched.body), read_only=True)
        return "\n".join(
            " | ".join("" if v is None else str(v) for v in row)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    if "pdf" in fetched.content_type:
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(BytesIO(fetched.body)).pages)
    return fetched.body.decode("utf-8", "replace")


# A run of digits with the separators phones are written with: 79123456789, +7 (912) 345-67-89, 8-912-345 67 89.
PHONE_RUN = re.compile(r"\+?\d[\d \-()\u00a0]*\d")


def phones_in(text: str, known: set[str]) -> set[str]:
    """The numbers of `known` (11 digits, 7XXXXXXXXXX) written in `text` in any format, with 8 or +7 or without.

    Every format ends in the same ten digits, so those are looked for in each run of digits and separators.
    """
    tails = {number[1:]: number for number in known}
    found = set()
    for run in PHONE_RUN.finditer(text):
        digits = re.sub(r"\D", "", run.group())
        for start in range(len(digits) - 9):
            number = tails.get(digits[start : start + 10])
            if number is not None:
                found.add(number)
    return found


# A number of five digits or more with no thousands separator, as a text on a page: 145000,00 or 13741.
BARE_NUMBER = re.compile(r"(?<![\w.,\-/:#№])\d{5,}(?:[.,]\d+)?(?![\w.,/:\-])")


def choice_codes() -> set[str]:
    """Every stored value of the project's choices that reads differently from its label (`bundle`, `ui`…)."""
    from django.apps import apps as django_apps
    from django.db import models as dj_models

    codes = set()
    for model in django_apps.get_models():
        if not model.__module__.startswith("abonent."):
            continue
        for model_field in model._meta.concrete_fields:
            if (
                isinstance(model_field, dj_models.CharField)
                and model_field.choices
                and not callable(model_field.choices)
            ):
                for value, label in model_field.flatchoices:
                    if isinstance(value, str) and value and value != str(label) and re.fullmatch(r"[a-z_]+", value):
                        codes.add(value)
    return codes


def unformatted_text(html: str, codes: set[str]) -> list[str]:
    """Texts of a page a reader should not meet: a choice shown by its stored code instead of its label, and an
    amount over 9 999 written without thousands separators (145000,00; in a numeric cell also 13741). Scripts,
    styles, links, forms and <code> are not read: account numbers and ids are names, not amounts."""
    from html.parser import HTMLParser

    problems = []
    skipped = ("script", "style", "code", "a", "textarea", "select", "option", "title", "label")

    class Parser(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack: list[tuple[str, bool]] = []

        def handle_starttag(self, tag, attrs):
            if tag in VOID_TAGS:
                return
            classes = (dict(attrs).get("class") or "").split()
            numeric = "num" in classes or "text-end" in classes or (bool(self.stack) and self.stack[-1][1])
            self.stack.append((tag, numeric))

        def handle_endtag(self, tag):
            while self.stack:
                if self.stack.pop()[0] == tag:
                    break

        def handle_data(self, data):
            text = data.strip()
            if not text or any(t in skipped for t, _n in self.stack):
                return
            words = [w for w in re.split(r"[\s,/]+", text) if w]
            if words and all(w in codes for w in words):
                problems.append(f"a code, not its label: {text!r}")
            numeric = bool(self.stack) and self.stack[-1][1]
            for match in BARE_NUMBER.finditer(text):
                if numeric or re.search(r"[.,]\d", match.group(0)):
                    problems.append(f"no thousands separator: {match.group(0)!r} in {text[:60]!r}")

    Parser().feed(html)
    return problems


VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
