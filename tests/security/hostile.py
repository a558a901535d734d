"""Hypothesis strategies for hostile input: what a script, a careless paste or an attacker
sends to a form or a filter.

`value()` is one posted value (text, a number written as text, or a list for a repeated
parameter); `changes(fields)` is a dict of such values over some of a form's field names,
to lay over a valid payload; `raw_query(names)` is a raw query string (str of latin-1
code points, as WSGI hands it over) with invalid UTF-8, repeats and great length.
"""

from urllib.parse import quote

from hypothesis import strategies as st

HUGE = 100_000

KNOWN_BAD = [
    "",
    " ",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "'; DROP TABLE parties_organisation; --",
    "1 OR 1=1",
    "' OR '1'='1",
    "\x00",
    "a\x00b",
    "\u202eevil.pdf\u202c",
    "\u200f\u200e\u2066\u2069",
    "😀👩‍👩‍👧‍👦🇸🇪",
    "\ufeff",
    "\r\n\r\nSet-Cookie: x=1",
    "{{ settings.SECRET_KEY }}",
    "%(name)s %s {0}",
    '=HYPERLINK("https://exempel.se")',
    "../../etc/passwd",
]

NUMBERS = [
    str(10**30),
    str(-(10**30)),
    "-1",
    "0",
    "1e309",
    "-1e309",
    "NaN",
    "Infinity",
    "1.5",
    "0x10",
    "١٢",
    str(2**63),
    str(2**31),
    "9" * 400,
]

# Dates and times at and beyond the edges of the calendar and the clock.
DATES = [
    "0001-01-01",
    "0001-01-01 00:00",
    "9999-12-31",
    "9999-12-31 23:59:59",
    "10000-01-01",
    "0000-00-00",
    "-2026-01-01",
    "2026-02-30",
    "2026-13-01",
    "2026-03-29 02:30",  # a local time that does not exist (summer time begins)
    "24:00",
    "23:59:60",
    "99:99",
    "00:00:00.9999999999",
]

# A 100 kB text made of one repeated (possibly multi-byte) piece: cheap to build, and
# large enough to pass every max_length and the database's patience.
huge_text = st.sampled_from(["a", "å", "😀", "<script>", "\u202e", "' OR 1=1; --"]).map(
    lambda piece: (piece * (HUGE // len(piece) + 1))[:HUGE]
)

# Surrogate-free random unicode (hypothesis's text never draws surrogates).
random_text = st.text(max_size=300)

text = st.one_of(
    st.sampled_from(KNOWN_BAD),
    random_text,
    huge_text,
    st.sampled_from(KNOWN_BAD).flatmap(lambda bad: random_text.map(lambda t: t + bad)),
)
number = st.one_of(
    st.sampled_from(NUMBERS),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
scalar = st.one_of(text, number, st.sampled_from(DATES))


def value() -> st.SearchStrategy:
    """One posted value: a scalar, or a list of them (the parameter repeated)."""
    return st.one_of(scalar, st.lists(scalar, min_size=2, max_size=4))


def changes(fields: list[str], *, max_size: int = 5) -> st.SearchStrategy:
    """{field: hostile value} over up to `max_size` of `fields`."""
    return st.dictionaries(st.sampled_from(fields), value(), min_size=1, max_size=max_size)


# ---- raw query strings ----------------------------------------------------------------------

RAW_PIECES = [
    "%ff%fe",
    "%c3%28",
    "%ed%a0%80",  # an encoded surrogate: invalid UTF-8
    "%f4%90%80%80",  # above U+10FFFF
    "%00",
    "%e2%80%ae",  # U+202E, right-to-left override
    "\xff\xfe",  # raw bytes, not percent-encoded
    "%",
    "%%",
    "%zz",
    "&&&",
    "==",
    ";",
    "+",
]


def _encoded(piece: str) -> str:
    # The WSGI environ is str of latin-1 code points; encode text as a browser would.
    return quote(piece, safe="")


def raw_query(names: list[str]) -> st.SearchStrategy:
    """A raw QUERY_STRING over `names`: invalid UTF-8, repeats, junk and great length."""
    part_value = st.one_of(
        st.sampled_from(RAW_PIECES),
        scalar.filter(lambda v: len(v) < 2000).map(_encoded),
        st.lists(st.sampled_from(RAW_PIECES), min_size=1, max_size=6).map("".join),
    )
    part = st.tuples(st.sampled_from([*names, "page", "%ff", ""]), part_value).map(
        lambda pair: f"{pair[0]}={pair[1]}"
    )
    normal = st.lists(part, min_size=1, max_size=8).map("&".join)
    repeated = st.tuples(part, st.integers(min_value=2, max_value=300)).map(
        lambda pair: "&".join([pair[0]] * pair[1])
    )
    long = st.tuples(st.sampled_from(names), st.sampled_from(["a", "%ff", "%c3%a5"])).map(
        lambda pair: f"{pair[0]}=" + pair[1] * (30_000 // len(pair[1]))
    )
    return st.one_of(normal, repeated, long)
