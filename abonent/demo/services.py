"""Loading the demo operator: its exports through the import framework, the demo users, and the requests register.

Everything goes through the same doors an operator's data would: import_frame for the billing exports and the
churn actions for disconnection requests, so the demo also shows that those paths work at size.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from abonent.churn import actions
from abonent.churn.models import ChurnReason, DisconnectionRequest
from abonent.core.registry import app_modules
from abonent.imports.choices import ImportStatus
from abonent.imports.models import ImportRun
from abonent.imports.services import import_frame
from abonent.staff.roles import group_name, sync_roles
from abonent.subscribers.models import MonthlyCharge, Payment, Service, Subscriber, Tariff, Usage

from . import generator, scenario

PASSWORD = "abonent"
# username, role, first name, last name
DEMO_USERS = [
    ("head", "head_of_retention", "Ольга", "Смирнова"),
    ("manager", "retention_manager", "Дмитрий", "Орлов"),
    ("manager2", "retention_manager", "Елена", "Соколова"),
    ("agent", "call_centre_agent", "Анна", "Кузнецова"),
    ("debt", "debt_agent", "Игорь", "Павлов"),
    ("b2b", "b2b_manager", "Сергей", "Белов"),
    ("analyst", "analyst", "Мария", "Лебедева"),
    ("admin", "administrator", "Алексей", "Волков"),
]

# Progress callbacks: make_progress(kind, rows) -> (update(processed, total), close()).
ProgressFactory = Callable[[str, int], tuple[Callable[[int, int], None], Callable[[], None]]]


class DemoError(Exception):
    """The demo could not be loaded (an import failed, or the database already holds an operator)."""


@dataclass
class DemoResult:
    size: int
    seed: int
    months: int
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    requests: Counter = field(default_factory=Counter)
    users: list[str] = field(default_factory=list)


def operator_has_data() -> bool:
    return Subscriber.objects.exists() or Tariff.objects.exists()


@dataclass
class DemoContext:
    """What an app's demo step (`<app>/demo.py`: ORDER, load(ctx), operator_models()) gets to build on."""

    size: int
    seed: int
    months: int
    today: date
    users: dict
    frames: dict
    plans: list
    log: Callable[[str], None]
    make_progress: ProgressFactory | None = None


def _demo_steps() -> list:

    steps = [m for m in app_modules("demo") if hasattr(m, "load")]
    return sorted(steps, key=lambda m: getattr(m, "ORDER", 100))


def _operator_models() -> list:
    """The operator's data, children first; the churn classifier, scripts, users and roles are not in it.

    Apps' demo steps add their records (loaded after the requests, so removed before them, latest step first).
    """
    history = DisconnectionRequest.history.model
    models = []
    for step in reversed(_demo_steps()):
        models.extend(step.operator_models() if hasattr(step, "operator_models") else [])
    return _with_dependants(
        models
        + [
            history,
            DisconnectionRequest,
            Usage,
            Payment,
            MonthlyCharge,
            Service,
            Subscriber,
            Tariff,
            ImportRun,
        ]
    )


def _with_dependants(models: list) -> list:
    """`models` and, before them, every installed model whose foreign key points at one of them: a register of an
    app with no demo step (promises to pay, say) holds operator data too, and would stop the reset on its key."""
    chosen, dependants = set(models), []
    found = True
    while found:
        found = False
        for model in apps.get_models():
            if model not in chosen and any(
                field.remote_field and getattr(field, "db_constraint", False) and field.remote_field.model in chosen
                for field in model._meta.concrete_fields
            ):
                chosen.add(model)
                dependants.insert(0, model)  # a dependant found later may point at one found earlier: it goes first
                found = True
    return dependants + models


def reset_operator_data() -> None:
    """Remove every subscriber, tariff, history row, request and import run; keep the classifier and users."""
    tables = [model._meta.db_table for model in _operator_models()]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE is instant on millions of rows where DELETE would scan and log each one. Deferred foreign-key
            # checks still pending in an enclosing transaction would make it fail, so run them first.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("TRUNCATE " + ", ".join(connection.ops.quote_name(t) for t in tables) + " RESTART IDENTITY")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


def create_demo_users() -> dict:
    """The demo users in their roles (password "abonent"); existing ones are reset to that password and role."""
    sync_roles()
    User = get_user_model()
    # One hash for all: the password is public anyway, and each hash costs most of a second by design.
    encoded = make_password(PASSWORD)
    users = {}
    for username, role, first_name, last_name in DEMO_USERS:
        user, _created = User.objects.get_or_create(username=username)
        user.first_name, user.last_name = first_name, last_name
        user.email = f"{username}@demo.abonent.local"
        user.is_active = True
        user.is_staff = user.is_superuser = role == "administrator"
        user.password = encoded
        user.save()
        user.groups.set([Group.objects.get(name=group_name(role))])
        users[username] = user
    return users


def load_frames(frames: dict, *, user=None, make_progress: ProgressFactory | None = None) -> dict[str, ImportRun]:
    """Import the frames in dependency order through import_frame; raise DemoError on the first failed run."""

    runs = {}
    for kind in generator.KINDS:
        frame = frames[kind]
        update, close = make_progress(kind, frame.height) if make_progress else (None, lambda: None)
        try:
            run = import_frame(kind, frame, user=user, source="demo", file_name=f"demo-{kind}.csv", progress=update)
        finally:
            close()
        if run.status != ImportStatus.SUCCEEDED:
            shown = "; ".join(str(e) for e in (run.errors or [])[:3])
            raise DemoError(f"Import of {kind} failed: {run.message} {shown}".strip())
        runs[kind] = run
    return runs


def _aware(moment: datetime | None) -> datetime | None:
    return timezone.make_aware(moment) if moment is not None else None


def replay_requests(
    plans: list[scenario.PlannedRequest], users: dict, progress: Callable[[int, int], None] | None = None
) -> Counter:
    """Create the planned requests through the churn actions, then date each step as planned.

    The actions stamp their own steps with the current time; the demo moves those stamps (and the history rows'
    dates) back to when the planned conversation happened, which changes no status.
    """
    subscribers = Subscriber.objects.in_bulk([p.account for p in plans], field_name="external_id")
    reasons = ChurnReason.objects.in_bulk(field_name="code")
    history = DisconnectionRequest.history.model
    counts: Counter = Counter()
    dated: list[tuple[int, list[datetime]]] = []
    with transaction.atomic():
        for number, plan in enumerate(plans, start=1):
            receiver = (
                users["b2b"] if plan.business else users["manager" if plan.channel in ("visit", "written") else "agent"]
            )
            worker = users["b2b"] if plan.business else users["manager"]
            request = actions.register_request(
                subscribers[plan.account],
                channel=plan.channel,
                user=receiver,
                received_at=_aware(plan.received_at),
                desired_date=plan.desired_date,
            )
            if plan.reason:
                actions.establish_reason(request, reason=reasons[plan.reason], user=worker, comment=plan.comment)
            if plan.offer:
                actions.make_offer(request, offer=plan.offer, user=worker, answer=plan.answer)
            if plan.closed_at:
                actions.close_request(
                    request, outcome=plan.status, user=worker, note=plan.note, on_date=plan.disconnected_on
                )
            counts[request.status] += 1
            steps = [
                plan.received_at,
                plan.reason_at if plan.reason else None,
                plan.offer_at if plan.offer else None,
                plan.closed_at,
            ]
            dated.append((request.pk, [_aware(s) for s in steps if s is not None]))
            if progress:
                progress(number, len(plans))

        stamps = {pk: steps for pk, steps in dated}
        requests = list(DisconnectionRequest.objects.filter(pk__in=stamps))
        for request in requests:
            steps = stamps[request.pk][1:]
            if request.reason_established_at:
                request.reason_established_at = steps.pop(0)
            if request.offer_made_at:
                request.offer_made_at = steps.pop(0)
            if request.closed_at:
                request.closed_at = steps.pop(0)
        DisconnectionRequest.objects.bulk_update(
            requests, ["reason_established_at", "offer_made_at", "closed_at"], batch_size=500
        )
        rows = list(history.objects.filter(id__in=stamps).order_by("id", "history_id"))
        seen: Counter = Counter()
        for row in rows:
            steps = stamps[row.id]
            row.history_date = steps[min(seen[row.id], len(steps) - 1)]
            seen[row.id] += 1
        history.objects.bulk_update(rows, ["history_date"], batch_size=500)
    return counts


def load_demo(
    *,
    size: int = 20000,
    seed: int = 42,
    months: int = 36,
    today: date | None = None,
    reset: bool = False,
    make_progress: ProgressFactory | None = None,
    log: Callable[[str], None] | None = None,
) -> DemoResult:
    """Generate the demo operator and load it: exports, derived fields, users, disconnection requests."""
    log = log or (lambda message: None)
    today = today or timezone.localdate()
    if reset:
        reset_operator_data()
    elif operator_has_data():
        raise DemoError(
            "The database holds subscribers or tariffs already; run `abonent demo --reset` to replace them."
        )
    result = DemoResult(size=size, seed=seed, months=months)

    started = time.perf_counter()
    frames = generator.generate(size=size, seed=seed, months=months, today=today)
    plans = scenario.plan_requests(frames["subscribers"], seed=seed, today=today)
    frames["subscribers"] = scenario.before_requests(frames["subscribers"], plans)
    result.seconds["generate"] = time.perf_counter() - started
    result.rows = {kind: frame.height for kind, frame in frames.items()}
    log(f"Generated {size} subscribers over {months} months in {result.seconds['generate']:.1f} s.")

    users = create_demo_users()
    result.users = [u[0] for u in DEMO_USERS]
    started = time.perf_counter()
    load_frames(frames, user=users["admin"], make_progress=make_progress)  # each import refreshes derived fields
    result.seconds["import"] = time.perf_counter() - started

    started = time.perf_counter()
    update, close = make_progress("requests", len(plans)) if make_progress else (None, lambda: None)
    try:
        result.requests = replay_requests(plans, users, update)
    finally:
        close()
    result.seconds["requests"] = time.perf_counter() - started

    context = DemoContext(
        size=size,
        seed=seed,
        months=months,
        today=today,
        users=users,
        frames=frames,
        plans=plans,
        log=log,
        make_progress=make_progress,
    )
    for step in _demo_steps():
        started = time.perf_counter()
        name = step.__name__.split(".")[-2]
        rows = step.load(context) or {}
        result.rows.update(rows)
        result.seconds[name] = time.perf_counter() - started
        log(f"Demo {name}: " + ", ".join(f"{k} {v}" for k, v in rows.items()) + f" in {result.seconds[name]:.1f} s.")
    return result
