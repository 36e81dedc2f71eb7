"""A deterministic, believable demo operator: the files its billing would export, as polars frames.

One city, 90 % residential and 10 % business accounts, tariffs for internet, cable TV, IPTV and bundles, three
years of connections with seasonality, churn of about 2 % a month (business far less) with reasons whose shares
deviate from the norms in a few groups, monthly charges and balances, payments through four channels with skipped
months, debtors and blocked accounts, and monthly traffic that falls before some subscribers leave.

Everything is vectorised with numpy and polars. The base (who, where, when connected and left, on which tariffs) is
drawn once; charges, payments and usage are simulated month by month, so a million subscribers stream to files in
chunks without holding 30 million rows. Each month draws from its own random stream (seed, size, kind, month):
the same seed and size always give the same frames, whichever kinds are asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from abonent.imports.formats import FORMATS

from . import data

KINDS = ("tariffs", "subscribers", "services", "charges", "payments", "usage")
MONTHLY_KINDS = ("charges", "payments", "usage")
# The generated files are exactly what the importer documents: one column spec serves both.
COLUMNS: dict[str, list[str]] = {kind: [column.name for column in FORMATS[kind].columns] for kind in KINDS}

NEVER = 10_000_000  # a day number (year 29349) for "no such date", so comparisons need no masks
FIRST_CONNECTION = date(2008, 3, 1)  # the operator's first subscriber
ACCOUNT_BASE = 10_000_001
PAYMENT_ID_BASE = 3_000_000_001
BUSINESS_SHARE = 0.10
PRE_HISTORY_SHARE = 0.55  # accounts connected before the history window (the base the window starts with)
RESIDENTIAL_CHURN = 0.019  # a month
BUSINESS_CHURN = 0.004  # a month: about 4.7 % a year, seed 003's "about 4 %"
PROBLEM_DISTRICT_CHURN = 1.35  # times the residential rate, for the old network across the river
BLOCKED_SHARE = {"residential": 0.035, "business": 0.01}
SUSPENDED_SHARE = {"residential": 0.012, "business": 0.003}
USAGE_MONTHS = 12  # billing keeps traffic detail for the last closed months only
HIDDEN_CHURN_SHARE = 0.02  # active subscribers whose traffic has collapsed: the pre-churn signal
DAY_SECONDS = 86_400

_TARIFF_INDEX = {t[0]: i for i, t in enumerate(data.TARIFFS)}
_FEES = np.array([t[3] for t in data.TARIFFS], dtype=np.float64)
_SPEEDS = np.array([t[4] or 0 for t in data.TARIFFS], dtype=np.int64)
# Where a tariff change leads: mostly up a speed, sometimes down for the price.
_UPGRADE = {
    "INET-100": "INET-300",
    "INET-300": "INET-500",
    "INET-500": "INET-300",
    "BND-300": "BND-500",
    "BND-500": "BND-300",
    "BIZ-100": "BIZ-300",
    "BIZ-300": "BIZ-1000",
    "BIZ-1000": "BIZ-300",
}
_NEXT_TARIFF = np.array([_TARIFF_INDEX[_UPGRADE.get(t[0], t[0])] for t in data.TARIFFS], dtype=np.int64)
_MEDIAN_GB = {0: 0.0, 100: 110.0, 300: 190.0, 500: 260.0, 1000: 450.0}

# Random streams: one for the base, one per month for money and one per month for traffic.
_BASE, _NAMES, _MONEY, _TRAFFIC = 1, 2, 3, 4


def _rng(seed: int, size: int, *stream: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([seed, size, *stream]))


def _day(value: date) -> int:
    return int(np.datetime64(value, "D").astype(np.int64))


def _pick(rng: np.random.Generator, weights, n: int) -> np.ndarray:
    p = np.asarray(weights, dtype=np.float64)
    return rng.choice(len(p), size=n, p=p / p.sum())


@dataclass
class Operator:
    """The simulated base: one entry per account in numpy arrays (days are day numbers since 1970-01-01)."""

    size: int
    seed: int
    months: int
    today: int
    month_starts: np.ndarray  # months + 1 first days: the history's months and the month after
    business: np.ndarray
    district: np.ndarray
    connected: np.ndarray
    disconnected: np.ndarray  # NEVER while active
    reason: np.ndarray  # index into data.REASON_CODES, -1 while active
    status: np.ndarray  # 0 active, 1 suspended, 2 blocked, 3 disconnected
    hold: np.ndarray  # day blocking or suspension began, NEVER if none: nothing is charged from then
    stop_paying: np.ndarray  # day the subscriber stopped paying, NEVER if they did not
    primary_before: np.ndarray  # tariff index
    primary_after: np.ndarray
    change: np.ndarray  # day of the tariff change, NEVER if none
    secondary: np.ndarray  # second service's tariff index, -1 if none
    fee_before: np.ndarray
    fee_after: np.ndarray
    opening_balance: np.ndarray
    payer: np.ndarray  # 0 pays every month, 1 pays for several months at once, 2 pays late and in part
    pay_day: np.ndarray
    channel: np.ndarray  # usual payment channel, index into data.PAYMENT_CHANNELS
    traffic_gb: np.ndarray  # typical monthly traffic; 0 for TV-only accounts
    traffic_drop: np.ndarray  # leavers whose traffic fell before they left
    hidden_from: np.ndarray  # month index from which an active subscriber's traffic collapsed, NEVER if not

    @property
    def accounts(self) -> pl.Series:
        return pl.Series("account", np.arange(ACCOUNT_BASE, ACCOUNT_BASE + self.size, dtype=np.int64)).cast(pl.Utf8)


def build_operator(size: int = 20000, seed: int = 42, months: int = 36, today: date | None = None) -> Operator:
    """Draw the subscriber base: kinds, districts, connection and disconnection dates, reasons, tariffs, payers."""
    if size < 1 or months < 1:
        raise ValueError("size and months must be positive")
    rng = _rng(seed, size, _BASE)
    today_day = _day(today or date.today())
    this_month = np.datetime64(today or date.today(), "M")
    month_starts = (this_month - (months - 1) + np.arange(months + 1)).astype("datetime64[D]").astype(np.int64)
    start = int(month_starts[0])
    n = size

    # Connections: the base the history starts with (older accounts rarer: they had more time to leave), then
    # the window's connections by month with the autumn peak and slow growth.
    before = rng.random(n) < PRE_HISTORY_SHARE
    n_before = int(before.sum())
    first = min(_day(FIRST_CONNECTION), start - 1)
    connected = np.empty(n, dtype=np.int64)
    connected[before] = start - 1 - ((start - 1 - first) * rng.random(n_before) ** 2.2).astype(np.int64)
    calendar = (this_month - (months - 1) + np.arange(months)).astype(np.int64) % 12
    weights = np.asarray(data.CONNECTION_SEASON)[calendar] * np.linspace(0.92, 1.08, months)
    weights[-1] *= (today_day - month_starts[-2] + 1) / (month_starts[-1] - month_starts[-2])
    month = _pick(rng, weights, n - n_before)
    low = month_starts[month]
    high = np.minimum(month_starts[month + 1] - 1, today_day)
    connected[~before] = low + (rng.random(n - n_before) * (high - low + 1)).astype(np.int64)
    connected.sort()  # account numbers follow connection order

    business = rng.random(n) < BUSINESS_SHARE
    district = np.where(business, _pick(rng, data.BUSINESS_DISTRICT_WEIGHTS, n), _pick(rng, data.DISTRICT_WEIGHTS, n))
    problem = district == list(data.DISTRICTS).index(data.PROBLEM_DISTRICT)

    # Churn: a constant monthly hazard from the later of connection and the window start (memoryless, so the
    # pre-window base behaves like any other).
    hazard = np.where(business, BUSINESS_CHURN, RESIDENTIAL_CHURN * np.where(problem, PROBLEM_DISTRICT_CHURN, 1.0))
    since = np.maximum(connected, start)
    disconnected = since + 1 + np.floor(rng.exponential(30.44 / hazard)).astype(np.int64)
    churned = disconnected <= today_day
    disconnected[~churned] = NEVER

    # Reasons from the profile of the subscriber's segment; the call centre got worse in the last year.
    recent = disconnected > today_day - 365
    profile = np.where(business, 4, np.where(problem, 2, 0) + recent)
    profiles = list(data.REASON_PROFILES.values())
    reason = np.full(n, -1, dtype=np.int64)
    for index, shares in enumerate(profiles):
        mask = churned & (profile == index)
        weights = [shares[code] for code in data.REASON_CODES]
        reason[mask] = _pick(rng, weights, int(mask.sum()))

    # Products and tariffs.
    t = _TARIFF_INDEX
    product = _pick(rng, [0.46, 0.18, 0.22, 0.09, 0.05], n)  # internet, CATV, bundle, internet+CATV, internet+IPTV
    tier = np.where(before, _pick(rng, [0.55, 0.35, 0.10], n), _pick(rng, [0.30, 0.48, 0.22], n))
    internet = np.array([t["INET-100"], t["INET-300"], t["INET-500"]])[tier]
    catv = np.where(rng.random(n) < 0.3, t["KTV-SOC"], t["KTV-BASE"])
    bundle = np.where(tier < 2, t["BND-300"], t["BND-500"])
    office = np.array([t["BIZ-100"], t["BIZ-300"], t["BIZ-1000"]])[_pick(rng, [0.35, 0.40, 0.25], n)]
    residential_primary = np.choose(product, [internet, catv, bundle, internet, internet])
    primary_before = np.where(business, office, residential_primary)
    secondary = np.where(
        business,
        np.where(rng.random(n) < 0.12, t["BIZ-KTV"], -1),
        np.choose(product, [-1, -1, -1, t["KTV-BASE"], t["IPTV-180"]]),
    )

    # Some subscribers changed their internet tariff once, at least two months after the window began.
    until = np.minimum(disconnected, today_day)
    can_change = (_SPEEDS[primary_before] > 0) & (until - since > 150)
    changes = can_change & (rng.random(n) < np.where(business, 0.10, 0.15))
    change_day = since + 60 + (rng.random(n) * np.maximum(until - 30 - since - 60, 1)).astype(np.int64)
    change = np.where(changes, change_day, NEVER)
    primary_after = np.where(changes, _NEXT_TARIFF[primary_before], primary_before)
    down = changes & (primary_before == t["INET-300"]) & (rng.random(n) < 0.2)
    primary_after[down] = t["INET-100"]
    second_fee = np.where(secondary >= 0, _FEES[np.maximum(secondary, 0)], 0.0)
    fee_before = _FEES[primary_before] + second_fee
    fee_after = _FEES[primary_after] + second_fee

    # Who is blocked for debt or suspended now, and who stopped paying before that (or before leaving for money).
    active = ~churned
    old_enough = connected < today_day - 150
    blocked = (
        active
        & old_enough
        & (rng.random(n) < np.where(business, BLOCKED_SHARE["business"], BLOCKED_SHARE["residential"]))
    )
    suspended = (
        active
        & ~blocked
        & old_enough
        & (rng.random(n) < np.where(business, SUSPENDED_SHARE["business"], SUSPENDED_SHARE["residential"]))
    )
    hold = np.full(n, NEVER, dtype=np.int64)
    hold[blocked] = today_day - rng.integers(15, 120, int(blocked.sum()))
    hold[suspended] = today_day - rng.integers(5, 80, int(suspended.sum()))
    stop_paying = np.full(n, NEVER, dtype=np.int64)
    stop_paying[blocked] = hold[blocked] - rng.integers(40, 75, int(blocked.sum()))
    stop_paying[suspended] = hold[suspended]
    money = reason == data.REASON_CODES.index("temporary_money_trouble")
    stop_paying[money] = disconnected[money] - rng.integers(60, 100, int(money.sum()))
    stop_paying = np.where(stop_paying < NEVER, np.maximum(stop_paying, connected + 31), NEVER)
    status = np.select([churned, blocked, suspended], [3, 2, 1], 0)

    payer = np.where(business, np.where(rng.random(n) < 0.9, 0, 2), _pick(rng, [0.72, 0.18, 0.10], n))
    payer[blocked] = 2  # the billing blocks debtors: nobody with money on the account gets here
    day_weights = np.ones(28)
    day_weights[[4, 9, 14, 19, 24]] = 3.0  # salary and advance days
    pay_day = np.where(business, rng.integers(5, 16, n), 1 + _pick(rng, day_weights, n))
    middle = (np.asarray(data.CHANNEL_MIX_START) + np.asarray(data.CHANNEL_MIX_END)) / 2
    channel = np.where(business, np.where(rng.random(n) < 0.93, 1, 2), _pick(rng, middle, n))
    opening_balance = np.where(connected < start, np.round(fee_before * rng.random(n) * 1.2), 0.0)

    speed = _SPEEDS[primary_before]
    median = np.select([speed == s for s in _MEDIAN_GB], list(_MEDIAN_GB.values()), 0.0)
    traffic_gb = median * rng.lognormal(0.0, 0.55, n) * np.where(business, 1.6, 1.0)
    drop_chance = np.array([data.TRAFFIC_DROP_CHANCE.get(code, 0.15) for code in data.REASON_CODES])
    traffic_drop = churned & (traffic_gb > 0) & (rng.random(n) < drop_chance[np.maximum(reason, 0)])
    hidden = (status == 0) & (traffic_gb > 0) & (rng.random(n) < HIDDEN_CHURN_SHARE)
    hidden_from = np.where(hidden, months - 1 - rng.integers(1, 4, n), NEVER)

    return Operator(
        size=size,
        seed=seed,
        months=months,
        today=today_day,
        month_starts=month_starts,
        business=business,
        district=district,
        connected=connected,
        disconnected=disconnected,
        reason=reason,
        status=status,
        hold=hold,
        stop_paying=stop_paying,
        primary_before=primary_before,
        primary_after=primary_after,
        change=change,
        secondary=secondary,
        fee_before=fee_before,
        fee_after=fee_after,
        opening_balance=opening_balance,
        payer=payer,
        pay_day=pay_day,
        channel=channel,
        traffic_gb=traffic_gb,
        traffic_drop=traffic_drop,
        hidden_from=hidden_from,
    )


# --- master data ----------------------------------------------------------------------------------------------------


def _dates(days: np.ndarray) -> pl.Series:
    """Day numbers as a polars Date column; NEVER becomes null."""
    valid = days < NEVER
    series = pl.Series("day", np.where(valid, days, 0).astype(np.int32)).cast(pl.Date)
    if valid.all():
        return series
    return pl.DataFrame({"day": series, "valid": valid}).select(pl.when("valid").then("day")).to_series()


def tariffs_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "code": [t[0] for t in data.TARIFFS],
            "name": [t[1] for t in data.TARIFFS],
            "service_type": [t[2] for t in data.TARIFFS],
            # The «Бизнес …» and office tariffs are for business accounts only (issue 12: offered by kind).
            "kind": ["business" if t[0].startswith("BIZ-") else "residential" for t in data.TARIFFS],
            "monthly_fee": [float(t[3]) for t in data.TARIFFS],
            "speed_mbps": [t[4] for t in data.TARIFFS],
        },
        schema_overrides={"speed_mbps": pl.Int64},
    )


def _words(values: list[str], index: np.ndarray) -> pl.Series:
    return pl.Series(values, dtype=pl.Utf8).gather(pl.Series(index, dtype=pl.UInt32))


def _female_surname(surname: str) -> str:
    if surname.endswith(("ский", "цкий")):
        return surname[:-2] + "ая"
    if surname.endswith("ой"):
        return surname[:-2] + "ая"
    if surname.endswith(("ов", "ев", "ин", "ын")):
        return surname + "а"
    return surname  # Кравченко, Шевчук


def _names(rng: np.random.Generator, business: np.ndarray) -> pl.Series:
    """Residential: surname, name, patronymic agreeing in gender. Business: ООО «…», ИП Фамилия И. О., АО «…»."""
    n = len(business)
    female = rng.random(n) < 0.54
    surname = rng.integers(0, len(data.MALE_SURNAMES), n)
    male_name = rng.integers(0, len(data.MALE_NAMES), n)
    female_name = rng.integers(0, len(data.FEMALE_NAMES), n)
    father = rng.integers(0, len(data.MALE_NAMES), n)
    form = _pick(rng, [0.62, 0.22, 0.06, 0.10], n)  # ООО compound, ИП, АО, ООО word
    prefix = rng.integers(0, len(data.FIRM_PREFIXES), n)
    suffix = rng.integers(0, len(data.FIRM_SUFFIXES), n)
    word = rng.integers(0, len(data.FIRM_WORDS), n)
    frame = pl.DataFrame(
        {
            "female": female,
            "business": business,
            "form": form,
            "sm": _words(data.MALE_SURNAMES, surname),
            "sf": _words([_female_surname(s) for s in data.MALE_SURNAMES], surname),
            "nm": _words([m[0] for m in data.MALE_NAMES], male_name),
            "nf": _words(data.FEMALE_NAMES, female_name),
            "pm": _words([m[1] for m in data.MALE_NAMES], father),
            "pf": _words([m[2] for m in data.MALE_NAMES], father),
            "prefix": _words(data.FIRM_PREFIXES, prefix),
            "suffix": _words(data.FIRM_SUFFIXES, suffix),
            "word": _words(data.FIRM_WORDS, word),
        }
    )
    person = pl.when(pl.col("female")).then(pl.concat_str(["sf", "nf", "pf"], separator=" "))
    person = person.otherwise(pl.concat_str(["sm", "nm", "pm"], separator=" "))
    firm = (
        pl.when(pl.col("form") == 0)
        .then(pl.concat_str([pl.lit("ООО «"), pl.col("prefix"), pl.col("suffix"), pl.lit("»")]))
        .when(pl.col("form") == 1)
        .then(
            pl.concat_str(
                [
                    pl.lit("ИП "),
                    pl.col("sm"),
                    pl.lit(" "),
                    pl.col("nm").str.slice(0, 1),
                    pl.lit(". "),
                    pl.col("pm").str.slice(0, 1),
                    pl.lit("."),
                ]
            )
        )
        .when(pl.col("form") == 2)
        .then(pl.concat_str([pl.lit("АО «"), pl.col("prefix"), pl.col("suffix"), pl.lit("»")]))
        .otherwise(pl.concat_str([pl.lit("ООО «"), pl.col("word"), pl.lit("»")]))
    )
    return frame.select(pl.when(pl.col("business")).then(firm).otherwise(person).alias("name")).to_series()


def _phones(rng: np.random.Generator, business: np.ndarray) -> pl.Series:
    """Normalised numbers, comma-separated: a mobile for people, an office line for firms, sometimes a second."""
    n = len(business)
    codes = np.asarray(data.MOBILE_CODES, dtype=np.int64)[rng.integers(0, len(data.MOBILE_CODES), n)]
    mobile = 70_000_000_000 + codes * 10_000_000 + rng.integers(0, 10_000_000, n)
    second_mobile = 70_000_000_000 + codes[::-1] * 10_000_000 + rng.integers(0, 10_000_000, n)
    landline = int(data.LANDLINE_PREFIX) * 1_000_000 + rng.integers(200_000, 999_999, n)
    extra = rng.random(n)
    frame = pl.DataFrame(
        {
            "business": business,
            "mobile": mobile,
            "second": second_mobile,
            "landline": landline,
            "extra": extra,
        }
    ).with_columns(pl.col("mobile", "second", "landline").cast(pl.Utf8))
    first = pl.when(pl.col("business")).then(pl.col("landline")).otherwise(pl.col("mobile"))
    other = (
        pl.when(pl.col("business") & (pl.col("extra") < 0.6))
        .then(pl.col("mobile"))
        .when(~pl.col("business") & (pl.col("extra") < 0.2))
        .then(pl.col("second"))
        .when(~pl.col("business") & (pl.col("extra") < 0.32))
        .then(pl.col("landline"))
    )
    return frame.select(
        pl.when(other.is_null()).then(first).otherwise(pl.concat_str([first, pl.lit(","), other])).alias("phones")
    ).to_series()


def _addresses(rng: np.random.Generator, op: Operator) -> pl.DataFrame:
    """District, street, building and flat: subscribers share buildings, as they do in a real network."""
    n = op.size
    names = list(data.DISTRICTS)
    streets = [street for district in names for street in data.DISTRICTS[district]]
    street_district = np.array([i for i, d in enumerate(names) for _street in data.DISTRICTS[d]])
    buildings = max(12 * len(streets), n // 30)
    building_street = rng.integers(0, len(streets), buildings)
    number = 1 + np.floor(rng.pareto(1.2, buildings) * 12).astype(np.int64) % 150
    letter = _pick(rng, [0.82, 0.08, 0.05, 0.05], buildings)  # "", к1, к2, а
    flats = np.asarray([40, 60, 80, 120, 180, 0])[_pick(rng, [0.2, 0.25, 0.2, 0.15, 0.12, 0.08], buildings)]
    building_label = pl.Series(number, dtype=pl.Int64).cast(pl.Utf8) + _words(["", "к1", "к2", "а"], letter)

    building = np.empty(n, dtype=np.int64)
    pick = rng.random(n)
    for index in range(len(names)):
        candidates = np.flatnonzero(street_district[building_street] == index)
        mask = op.district == index
        building[mask] = candidates[(pick[mask] * len(candidates)).astype(np.int64)]
    flat_number = 1 + (rng.random(n) * np.maximum(flats[building], 1)).astype(np.int64)
    office = rng.random(n) < 0.4
    flat = np.where(
        op.business,
        np.where(office, flat_number % 40 + 1, 0),
        np.where(flats[building] > 0, flat_number, 0),
    )
    flat_text = pl.Series(flat, dtype=pl.Int64).cast(pl.Utf8)
    flat_text = (
        pl.DataFrame({"flat": flat_text, "zero": flat == 0, "business": op.business})
        .select(
            pl.when(pl.col("zero"))
            .then(None)
            .when(pl.col("business"))
            .then(pl.concat_str([pl.lit("оф. "), pl.col("flat")]))
            .otherwise(pl.col("flat"))
            .alias("flat")
        )
        .to_series()
    )
    return pl.DataFrame(
        {
            "district": _words(names, op.district),
            "street": _words(streets, building_street[building]),
            "building": building_label.gather(pl.Series(building, dtype=pl.UInt32)),
            "flat": flat_text,
        }
    )


def subscribers_frame(op: Operator) -> pl.DataFrame:
    rng = _rng(op.seed, op.size, _NAMES)
    names = _names(rng, op.business)
    phones = _phones(rng, op.business)
    address = _addresses(rng, op)
    statuses = ["active", "suspended", "blocked", "disconnected"]
    reasons = pl.Series(data.REASON_CODES, dtype=pl.Utf8).gather(pl.Series(np.maximum(op.reason, 0), dtype=pl.UInt32))
    frame = pl.DataFrame(
        {
            "account": op.accounts,
            "kind": pl.Series(np.where(op.business, "business", "residential")),
            "name": names,
            "phones": phones,
            "city": pl.select(pl.repeat(data.CITY, op.size, dtype=pl.Utf8)).to_series(),
            "district": address["district"],
            "street": address["street"],
            "building": address["building"],
            "flat": address["flat"],
            "connected_on": _dates(op.connected),
            "status": _words(statuses, op.status),
            "disconnected_on": _dates(op.disconnected),
            "churn_reason": reasons,
            "has_reason": op.reason >= 0,
        }
    )
    return frame.with_columns(
        pl.when(pl.col("has_reason")).then(pl.col("churn_reason")).otherwise(None).alias("churn_reason")
    ).select(COLUMNS["subscribers"])


def services_frame(op: Operator) -> pl.DataFrame:
    """Each subscriber's services: the main tariff (split in two where it changed) and a second service if any."""
    n = np.arange(op.size)
    end = np.where(op.disconnected < NEVER, op.disconnected, NEVER)
    changed = op.change < NEVER
    second = op.secondary >= 0
    subscriber = np.concatenate([n, n[changed], n[second]])
    tariff = np.concatenate([op.primary_before, op.primary_after[changed], op.secondary[second]])
    started = np.concatenate([op.connected, op.change[changed], op.connected[second]])
    ended = np.concatenate([np.where(changed, op.change - 1, end), end[changed], end[second]])
    order = np.lexsort((tariff, started, subscriber))
    return pl.DataFrame(
        {
            "account": op.accounts.gather(pl.Series(subscriber[order], dtype=pl.UInt32)),
            "tariff": _words([t[0] for t in data.TARIFFS], tariff[order]),
            "started_on": _dates(started[order]),
            "ended_on": _dates(ended[order]),
        }
    )


# --- monthly history ------------------------------------------------------------------------------------------------


def _round_up(values: np.ndarray, step: float) -> np.ndarray:
    return np.ceil(np.round(values / step, 6)) * step


def _payments(
    op: Operator,
    k: int,
    rng: np.random.Generator,
    idx: np.ndarray,
    charge: np.ndarray,
    balance: np.ndarray,
    fee: np.ndarray,
) -> tuple[np.ndarray, ...]:
    """The month's payments of the present subscribers idx.

    Returns the paying subscribers, the second of each payment, amounts, channels, and per subscriber in idx the
    total paid this month.
    """
    start, end = int(op.month_starts[k]), int(op.month_starts[k + 1]) - 1
    connected, business, payer = op.connected[idx], op.business[idx], op.payer[idx]
    low = np.maximum(start, connected)
    high = np.minimum.reduce([np.full(len(idx), min(end, op.today)), op.disconnected[idx], op.stop_paying[idx] - 1])
    need = np.round(charge - balance, 2)
    owes = need > 0.005
    u = rng.random(len(idx))
    behind = balance < -2 * fee
    pays = np.select(
        [payer == 0, payer == 1, payer == 2],
        [owes & (u >= np.where(business, 0.02, 0.06)), owes & (u >= 0.08), owes & (u < np.where(behind, 0.9, 0.55))],
        False,
    )
    share = rng.uniform(0.5, 1.1, len(idx))
    amount = np.select(
        [business, payer == 0, payer == 1, behind],
        [need, _round_up(need, 50), _round_up(need + 2 * fee, 100), _round_up(need, 10)],
        _round_up(need * share, 10),
    )
    joined = (connected >= start) & (connected <= end)  # the connection payment, at the office, that day
    pays = (pays | (joined & owes)) & (low <= high)
    amount = np.where(joined & ~business, _round_up(need, 50), amount)
    day = start - 1 + np.clip(op.pay_day[idx] + rng.integers(-2, 3, len(idx)), 1, end - start + 1)
    day = np.where(joined, connected, np.clip(day, low, high))

    mix = np.asarray(data.CHANNEL_MIX_START) + (np.asarray(data.CHANNEL_MIX_END) - data.CHANNEL_MIX_START) * (
        k / max(op.months - 1, 1)
    )
    channel = np.where(business | (rng.random(len(idx)) < 0.5), op.channel[idx], _pick(rng, mix, len(idx)))
    channel = np.where(joined & ~business, 0, channel)
    # Opening hours: cash desks 9-19, terminals 8-22, banks post in the working day, online any time from 7.
    opens = np.asarray([9, 9, 7, 8])[channel]
    closes = np.asarray([19, 18, 24, 22])[channel]
    seconds = (opens * 3600 + rng.random(len(idx)) * (closes - opens) * 3600).astype(np.int64)

    keep = pays & (amount > 0)
    # One payment in forty is made in two parts, the second a few days later.
    split = keep & ~business & (rng.random(len(idx)) < 0.025) & (amount >= 200)
    first_part = np.where(split, _round_up(amount / 2, 10), amount)
    later = np.minimum(day + rng.integers(1, 10, len(idx)), high)
    rows = np.concatenate([idx[keep], idx[split]])
    at = np.concatenate([day[keep], later[split]]) * DAY_SECONDS + np.concatenate([seconds[keep], seconds[split][::-1]])
    amounts = np.concatenate([first_part[keep], amount[split] - first_part[split]])
    channels = np.concatenate([channel[keep], channel[split]])
    return rows, at, np.round(amounts, 2), channels, np.where(keep, amount, 0.0)


def iter_months(op: Operator, kinds: Iterable[str] = MONTHLY_KINDS) -> Iterator[dict[str, pl.DataFrame]]:
    """Month by month, the frames of the asked kinds among charges, payments and usage.

    Charges come at the start of the month for the whole month (prorated in the months of connection and
    disconnection, nothing while blocked or suspended); the balance at month end is the previous one plus the
    month's payments minus its charge. Usage covers the last USAGE_MONTHS closed months.
    """
    kinds = set(kinds)
    balance = op.opening_balance.copy()
    payment_id = PAYMENT_ID_BASE
    accounts = op.accounts
    calendar_months = (op.month_starts[:-1].astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)) % 12
    disconnection_month = np.searchsorted(op.month_starts, op.disconnected, side="right") - 1
    for k in range(op.months):
        start, end = int(op.month_starts[k]), int(op.month_starts[k + 1]) - 1
        days_in_month = end - start + 1
        idx = np.flatnonzero((op.connected <= min(end, op.today)) & (op.disconnected >= start))
        fee = np.where(op.change[idx] <= start + 14, op.fee_after[idx], op.fee_before[idx])
        first = np.maximum(start, op.connected[idx])
        last = np.minimum.reduce([np.full(len(idx), end), op.disconnected[idx], op.hold[idx] - 1])
        days = np.clip(last - first + 1, 0, None)
        charge = np.round(fee * days / days_in_month, 2)

        money_rng = _rng(op.seed, op.size, _MONEY, k)
        rows, at, amounts, channels, paid = _payments(op, k, money_rng, idx, charge, balance[idx], fee)
        balance[idx] = np.round(balance[idx] + paid - charge, 2)
        out: dict[str, pl.DataFrame] = {}
        month_date = _dates(np.full(len(idx), start))
        if "charges" in kinds:
            out["charges"] = pl.DataFrame(
                {
                    "account": accounts.gather(pl.Series(idx, dtype=pl.UInt32)),
                    "month": month_date,
                    "charged": charge,
                    "balance": balance[idx],
                }
            )
        if "payments" in kinds:
            order = np.lexsort((rows, at))
            count = len(rows)
            out["payments"] = pl.DataFrame(
                {
                    "payment_id": pl.Series(np.arange(payment_id, payment_id + count, dtype=np.int64)).cast(pl.Utf8),
                    "account": accounts.gather(pl.Series(rows[order], dtype=pl.UInt32)),
                    "paid_at": pl.from_epoch(pl.Series(at[order]), time_unit="s"),
                    "amount": amounts[order],
                    "channel": _words(data.PAYMENT_CHANNELS, channels[order]),
                }
            )
            payment_id += count
        if "usage" in kinds and op.months - 1 - USAGE_MONTHS <= k < op.months - 1:
            out["usage"] = _usage(op, k, idx, start, end, int(calendar_months[k]), disconnection_month)
        yield out


def _usage(
    op: Operator, k: int, idx: np.ndarray, start: int, end: int, calendar_month: int, disconnection_month: np.ndarray
) -> pl.DataFrame:
    rng = _rng(op.seed, op.size, _TRAFFIC, k)
    first = np.maximum(start, op.connected[idx])
    last = np.minimum.reduce([np.full(len(idx), end), op.disconnected[idx], op.hold[idx] - 1])
    days = np.clip(last - first + 1, 0, None)
    growth = 1.012 ** (k - op.months)  # traffic grows about 15 % a year
    factor = np.ones(len(idx))
    before_leaving = disconnection_month[idx] - k
    dropping = op.traffic_drop[idx] & (before_leaving >= 0) & (before_leaving <= 2)
    factor[dropping] = np.asarray([0.15, 0.3, 0.55])[before_leaving[dropping]]
    factor[op.hidden_from[idx] <= k] = 0.1
    gigabytes = (
        op.traffic_gb[idx]
        * growth
        * data.TRAFFIC_SEASON[calendar_month]
        * rng.lognormal(0, 0.22, len(idx))
        * factor
        * days
        / (end - start + 1)
    )
    volume = (gigabytes * 1e9).astype(np.int64)
    keep = volume > 0
    return pl.DataFrame(
        {
            "account": op.accounts.gather(pl.Series(idx[keep], dtype=pl.UInt32)),
            "date": _dates(np.full(int(keep.sum()), start)),
            "period": pl.select(pl.repeat("month", int(keep.sum()), dtype=pl.Utf8)).to_series(),
            "bytes": volume[keep],
        }
    )


# --- entry points ---------------------------------------------------------------------------------------------------


def generate(size: int = 20000, seed: int = 42, months: int = 36, today: date | None = None) -> dict[str, pl.DataFrame]:
    """The demo operator's exports keyed by import kind, in load order, with the canonical import columns."""
    op = build_operator(size, seed, months, today)
    chunks: dict[str, list[pl.DataFrame]] = {kind: [] for kind in MONTHLY_KINDS}
    for month in iter_months(op):
        for kind, frame in month.items():
            chunks[kind].append(frame)
    frames = {"tariffs": tariffs_frame(), "subscribers": subscribers_frame(op), "services": services_frame(op)}
    for kind in MONTHLY_KINDS:
        frames[kind] = pl.concat(chunks[kind]) if chunks[kind] else pl.DataFrame(schema=COLUMNS[kind])
    return {kind: frames[kind] for kind in KINDS}


CSV_OPTIONS = {
    "separator": ";",
    "date_format": "%Y-%m-%d",
    "datetime_format": "%Y-%m-%d %H:%M:%S",
    "float_precision": 2,
    "null_value": "",
}


def write_files(
    frames: dict[str, pl.DataFrame | Iterable[pl.DataFrame]], directory: str | Path, fmt: str = "csv"
) -> dict[str, Path]:
    """Write each kind as an operator's export: `<kind>.csv`, UTF-8, ';'-separated, ISO dates, 2-decimal money.

    A value may be a frame or an iterable of frames (chunks), which are streamed to the file one after another.
    """
    if fmt != "csv":
        raise ValueError(f"unsupported format: {fmt}")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for kind, value in frames.items():
        path = directory / f"{kind}.csv"
        chunks = [value] if isinstance(value, pl.DataFrame) else value
        with path.open("wb") as file:
            header = True
            for chunk in chunks:
                chunk.write_csv(file, include_header=header, **CSV_OPTIONS)
                header = False
            if header:
                file.write((";".join(COLUMNS[kind]) + "\n").encode())
        paths[kind] = path
    return paths


def generate_files(
    directory: str | Path,
    *,
    size: int = 20000,
    seed: int = 42,
    months: int = 36,
    today: date | None = None,
    kinds: Iterable[str] = KINDS,
) -> dict[str, Path]:
    """Generate and write the asked kinds without holding the monthly history in memory (for benchmarks).

    The files equal those write_files(generate(...)) makes for the same arguments.
    """
    kinds = [kind for kind in KINDS if kind in set(kinds)]
    op = build_operator(size, seed, months, today)
    master = {"tariffs": tariffs_frame, "subscribers": subscribers_frame, "services": services_frame}
    paths = write_files(
        {kind: master[kind](op) if kind != "tariffs" else tariffs_frame() for kind in kinds if kind in master},
        directory,
    )
    monthly = [kind for kind in kinds if kind in MONTHLY_KINDS]
    if not monthly:
        return paths
    directory = Path(directory)
    files = {kind: (directory / f"{kind}.csv").open("wb") for kind in monthly}
    try:
        written = set()
        for month in iter_months(op, monthly):
            for kind, frame in month.items():
                frame.write_csv(files[kind], include_header=kind not in written, **CSV_OPTIONS)
                written.add(kind)
        for kind in set(monthly) - written:
            files[kind].write((";".join(COLUMNS[kind]) + "\n").encode())
    finally:
        for file in files.values():
            file.close()
    return {**paths, **{kind: directory / f"{kind}.csv" for kind in monthly}}
