"""Survey answers from a CSV/XLSX file (kind survey_answers): answers collected by an SMS/e-mail tool or on paper.

Columns (header names in Russian or English, any order):
    account   / лицевой счёт  required  the subscriber's account number
    date      / дата          required  YYYY-MM-DD or DD.MM.YYYY, optionally with HH:MM
    score     / оценка        required  a whole number 0–10
    comment   / комментарий   optional
    survey    / опрос         optional  the survey's name; default: the survey active on that date

All or nothing: one bad row and nothing is changed, every bad row listed. Idempotent: an answer is keyed by
survey, account and date, so re-importing a file changes nothing (a corrected score or comment updates the row).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from abonent.imports.formats import EVENTS_FROM
from abonent.imports.kinds import ImportKind
from abonent.imports.loaders import Counts
from abonent.imports.readers import ROW, ErrorLog, file_error, read_table
from abonent.imports.services import MAX_STORED_ERRORS, begin_run, fail_run, guard, note_ignored, succeed_run
from abonent.imports.validation import header_errors
from abonent.subscribers.models import Subscriber

from . import actions
from .choices import ResponseChannel
from .models import Response, Survey

COLUMNS = {
    "account": {"account", "лицевой счёт", "лицевой счет", "лс", "л/с", "account number", "номер договора"},
    "date": {"date", "дата", "answered_at", "дата ответа"},
    "score": {"score", "оценка", "nps", "балл"},
    "comment": {"comment", "комментарий", "отзыв"},
    "survey": {"survey", "опрос", "анкета"},
}
REQUIRED = ("account", "date", "score")
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S"]


def parse_moment(value: str) -> dt.datetime | None:
    """A local date-time from the cell; a date alone means noon of that day."""
    for fmt in DATE_FORMATS:
        try:
            parsed = dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        if "%H" not in fmt:
            parsed = parsed.replace(hour=12)
        return timezone.make_aware(parsed)
    return None


def _survey_for(surveys: list[Survey], by_name: dict[str, Survey], name: str | None, day: dt.date):
    if name:
        return by_name.get(name.strip().lower())
    # The survey running on that day; among several, the one that started last.
    running = [s for s in surveys if s.starts_on <= day and (s.ends_on is None or day <= s.ends_on)]
    return max(running, key=lambda s: s.starts_on) if running else None


def import_survey_answers(path: Path, *, file_name: str, user=None, source: str = "ui", run, progress=None, **options):
    """Fill `run` with the result of importing the answers in `path` and return it."""
    reporter = begin_run(run, progress)
    return guard(run, reporter, lambda: _import(Path(path), file_name, run, reporter, options))


def _import(path: Path, file_name: str, run, reporter, options: dict):
    table = read_table(
        path,
        file_name=file_name,
        encoding=options.get("encoding"),
        delimiter=options.get("delimiter"),
        sheet=options.get("sheet"),
    )
    run.file_sha256 = table.sha256
    reporter.at("checking")
    broken = header_errors(table, file_name)
    if broken:
        return fail_run(run, broken, _("The header row looks broken."), reporter)
    headers = {h.strip().lower(): f"col_{i}" for i, h in enumerate(table.headers) if h}
    columns: dict[str, str] = {}
    for name, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in headers:
                columns[name] = headers[alias]
                break
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        errors = [
            file_error(file_name, "missing_column", _("a column «%(name)s»") % {"name": name}, row=1, column=name)
            for name in missing
        ]
        message = _("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}
        return fail_run(run, errors, message, reporter)
    known = set(columns.values())
    ignored = [h for i, h in enumerate(table.headers) if h and f"col_{i}" not in known]

    rows = table.frame.to_dicts()
    run.rows_total = len(rows)
    accounts = {str(r.get(columns["account"]) or "") for r in rows}
    subscribers = Subscriber.objects.in_bulk([a for a in accounts if a], field_name="external_id")
    surveys = list(Survey.objects.all())
    by_name = {s.name.strip().lower(): s for s in surveys}
    earliest = timezone.make_aware(dt.datetime.combine(EVENTS_FROM, dt.time()))
    latest = timezone.now() + dt.timedelta(days=1)

    errors = ErrorLog(MAX_STORED_ERRORS)
    parsed: list[dict] = []
    seen: dict[tuple, int] = {}

    def bad(row, column, value, expected, code):
        errors.add(file_error(file_name, code, expected, row=row, column=column, value=value or ""))

    for raw in rows:
        line = raw[ROW]
        account = raw.get(columns["account"])
        date_text = raw.get(columns["date"])
        score_text = raw.get(columns["score"])
        comment = raw.get(columns["comment"]) if "comment" in columns else None
        survey_name = raw.get(columns["survey"]) if "survey" in columns else None
        ok = True
        subscriber = subscribers.get(account) if account else None
        if subscriber is None:
            ok = False
            bad(line, "account", account, _("an existing account number"), "unknown_account" if account else "required")
        moment = parse_moment(date_text) if date_text else None
        if moment is None:
            ok = False
            bad(line, "date", date_text, _("a date YYYY-MM-DD or DD.MM.YYYY"), "bad_date" if date_text else "required")
        elif not earliest <= moment <= latest:
            ok = False
            bad(
                line,
                "date",
                date_text,
                _("a date from %(low)s to %(high)s") % {"low": f"{earliest:%d.%m.%Y}", "high": f"{latest:%d.%m.%Y}"},
                "implausible_date",
            )
            moment = None
        try:
            score = actions.check_score(score_text)
        except Exception:
            ok = False
            bad(line, "score", score_text, _("a whole number from 0 to 10"), "bad_score" if score_text else "required")
            score = None
        survey = None
        if moment is not None:
            survey = _survey_for(surveys, by_name, survey_name, timezone.localtime(moment).date())
            if survey is None:
                ok = False
                if survey_name:
                    bad(line, "survey", survey_name, _("the name of an existing survey"), "unknown_survey")
                else:
                    bad(line, "date", date_text, _("a date on which a survey was running"), "no_survey")
        if not ok:
            continue
        key = f"{account}|{timezone.localtime(moment).date().isoformat()}"
        if (survey.pk, key) in seen:
            bad(
                line,
                "account",
                account,
                _("one answer per account and day (row %(row)s has it already)") % {"row": seen[(survey.pk, key)]},
                "duplicate",
            )
            continue
        seen[(survey.pk, key)] = line
        parsed.append(
            {
                "survey": survey,
                "subscriber": subscriber,
                "score": score,
                "comment": comment or "",
                "moment": moment,
                "key": key,
            }
        )
        if len(parsed) % 500 == 0:
            reporter(len(parsed), len(rows))

    if errors:
        return fail_run(
            run,
            errors.errors,
            _("%(errors)s errors in %(rows)s rows; nothing was changed.")
            % {"errors": errors.count, "rows": len({e["row"] for e in errors.errors})},
            reporter,
            error_count=errors.count,
            summary=errors.summary(),
        )

    reporter.at("loading")
    counts = Counts()
    existing = {
        (r.survey_id, r.import_key): r for r in Response.objects.filter(import_key__in=[p["key"] for p in parsed])
    }
    with transaction.atomic():
        for number, item in enumerate(parsed, start=1):
            found = existing.get((item["survey"].pk, item["key"]))
            if found is None:
                actions.record_response(
                    item["survey"],
                    item["subscriber"],
                    score=item["score"],
                    comment=item["comment"],
                    channel=ResponseChannel.IMPORT,
                    answered_at=item["moment"],
                    import_run=run,
                    import_key=item["key"],
                )
                counts.added += 1
            elif found.score == item["score"] and found.comment == item["comment"].strip():
                counts.unchanged += 1
            else:
                found.score, found.comment = item["score"], item["comment"].strip()
                found.save(update_fields=["score", "comment"])
                actions.follow_up_detractor(found)
                counts.updated += 1
            if number % 200 == 0:
                reporter(number, len(parsed))
    notes: list[str] = []
    note_ignored(run, ignored, notes)
    return succeed_run(run, counts, notes, reporter)


KINDS = [ImportKind("survey_answers", _l("Survey answers (NPS)"), import_survey_answers)]
