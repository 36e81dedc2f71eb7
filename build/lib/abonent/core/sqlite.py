"""SQLite made to search Russian text the way users expect.

SQLite's LIKE folds case for ASCII letters only, so «иванов» would not find «Иванов» on the embedded database
(PostgreSQL's UPPER/ILIKE handle Cyrillic). We replace LIKE with a Unicode-aware version on every SQLite
connection; it is slower than the C one but the embedded database serves a handful of users.
"""

import re
from functools import lru_cache


@lru_cache(maxsize=256)
def _like_regex(pattern: str, escape: str | None) -> re.Pattern:
    out = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if escape and ch == escape and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if ch == "%" else "." if ch == "_" else re.escape(ch))
        i += 1
    return re.compile("".join(out), re.DOTALL | re.IGNORECASE)


def unicode_like(pattern, value, escape=None):
    if pattern is None or value is None:
        return None
    return 1 if _like_regex(str(pattern), escape).fullmatch(str(value)) else 0


def install_unicode_like(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, unicode_like, deterministic=True)
        connection.connection.create_function("like", 3, unicode_like, deterministic=True)
