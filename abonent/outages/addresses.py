"""Addresses as outages and subscribers are matched on: a building key and a district key, normalised.

The billing and the network's outage log write the same house differently («ул. Ленина, д. 5 корп. 2» and
«Ленина 5к2»): the key is the lower-case text with ё as е, without the street type, the «д.» and the spaces of the
number. An outage without a city matches the street (or district) in every city, so each subscriber has its keys
with and without the city.
"""

from __future__ import annotations

import re
from functools import lru_cache

_PUNCTUATION = re.compile(r"[.,;:\"'«»()/\\]+")
_SPACES = re.compile(r"\s+")
STREET_TYPES = {
    "ул", "улица", "пр", "пр-т", "просп", "проспект", "пер", "переулок", "б-р", "бул", "бульвар", "ш", "шоссе",
    "пл", "площадь", "наб", "набережная", "проезд", "пр-д", "туп", "тупик", "мкр", "микрорайон", "st", "street",
}  # fmt: skip
DISTRICT_WORDS = {"район", "р-н", "рн", "мкр", "микрорайон", "district"}
CITY_WORDS = {"г", "город", "пос", "поселок", "пгт", "с", "село", "city"}
_BUILDING_WORDS = ((r"корпус|корп|кор", "к"), (r"строение|стр", "с"), (r"литера|литер|лит", ""))


def _words(text: str) -> list[str]:
    text = (text or "").lower().replace("ё", "е")
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", text)).split()


def normalise_street(text: str) -> str:
    return " ".join(w for w in _words(text) if w not in STREET_TYPES)


def normalise_district(text: str) -> str:
    return " ".join(w for w in _words(text) if w not in DISTRICT_WORDS)


def normalise_city(text: str) -> str:
    return " ".join(w for w in _words(text) if w not in CITY_WORDS)


def normalise_building(text: str) -> str:
    """«д. 5 корп. 2» → «5к2», «12 А» → «12а», «7 стр 1» → «7с1»."""
    text = re.sub(r"^(?:дом|д)(?![а-яa-z])", "", " ".join(_words(text)))
    for pattern, short in _BUILDING_WORDS:
        text = re.sub(rf"(?<![а-яa-z])(?:{pattern})(?![а-яa-z])", short, text)
    return text.replace(" ", "").replace("-", "")


def building_key(city: str, street: str, building: str) -> str:
    return f"b:{normalise_city(city)}|{normalise_street(street)}|{normalise_building(building)}"


def district_key(city: str, district: str) -> str:
    return f"d:{normalise_city(city)}|{normalise_district(district)}"


@lru_cache(maxsize=65536)
def address_keys(city: str, district: str, street: str, building: str) -> tuple[str, ...]:
    """The keys an outage of this subscriber's building or district is stored under (with and without the city).

    Cached: a base of a million accounts has some tens of thousands of buildings."""
    keys = []
    if street and building:
        keys += [building_key(city, street, building), building_key("", street, building)]
    if district:
        keys += [district_key(city, district), district_key("", district)]
    return tuple(dict.fromkeys(keys))
