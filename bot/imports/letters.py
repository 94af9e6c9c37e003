"""Read a letter's reference, date and meeting date, and its "Recommendation:" paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from bot.imports.columns import clip, find_forum, normalise_space, strip_emphasis
from bot.imports.drafts import DraftRow, RowProblem

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"

_DATE_LINE = re.compile(
    rf"^{_WEEKDAY}(?:{_DAY}\s+{_MONTH},?|(?P<month2>[a-z]+)\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?,)"
    rf"\s+(?P<year>\d{{4}})$",
    re.IGNORECASE,
)
_OUR_REF = re.compile(
    r"\bour\s+ref(?:erence)?\b\.?(?:\s+no\b\.?)?\s*[:\-–]?\s*(?P<ref>[A-Za-z0-9][A-Za-z0-9/._\-]*)",
    re.IGNORECASE,
)
# Some letters print the reference alone under the date, with no "Our ref:" label.
_BARE_REF = re.compile(r"^[A-Z][A-Z0-9]*\d[A-Z0-9]*(?:[-/][A-Z0-9]+)+$")
_SALUTATION = re.compile(r"^dear\b", re.IGNORECASE)
_MEETING = re.compile(
    r"\bmeeting(?:\s+(?:that|which|we|I|you|was|were|had|held|took|place))*\s+(?:on|of)\s+"
    rf"{_WEEKDAY}{_DAY}\s+{_MONTH}(?:,?\s+(?P<year>\d{{4}}))?\b",
    re.IGNORECASE,
)

_LABEL = re.compile(
    r"^recommendation\s*(?P<number>\d+[a-z]?)?\s*(?:(?P<sep>[-–—:.)])\s*(?P<body>.*))?$",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"^\s*(?:[-*•–]|\d+[.)]|[a-z][.)])\s+", re.IGNORECASE)
_BY_DATE = re.compile(
    rf"\bby\s+(?:the\s+end\s+of\s+)?(?:{_DAY}\s+)?{_MONTH}(?:\s+\d{{4}})?(?=\W|$)|\bby\s+\d{{4}}\b",
    re.IGNORECASE,
)
_LEADING_TIMING = re.compile(
    r"^(?:within\s+(?:\w+\s+){0,3}?(?:days?|weeks?|months?|years?)|with\s+immediate\s+effect|immediately)\b",
    re.IGNORECASE,
)


@dataclass
class LetterFacts:
    """What a letter says about itself, each None when the letter does not say it."""

    source_ref: str | None = None
    letter_date: date | None = None
    meeting_date: date | None = None


@dataclass
class Recommendations:
    """Recommendation paragraphs read as draft rows, and labelled ones that had no text."""

    rows: list[DraftRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def read_letter_facts(text: str) -> LetterFacts:
    """The reference, the first line that is only a date, and the first dated meeting mentioned."""
    lines = [normalise_space(strip_emphasis(line)).lstrip("# ") for line in text.split("\n")]
    letter_date = next((d for d in map(_date_line, lines) if d), None)
    return LetterFacts(_source_ref(lines), letter_date, _meeting_date(" ".join(lines), letter_date))


def _date_line(line: str) -> date | None:
    match = _DATE_LINE.match(line)
    if not match:
        return None
    month = _MONTHS.get((match["month"] or match["month2"]).lower().rstrip("."))
    return _safe_date(int(match["year"]), month, int(match["day"] or match["day2"]))


def _safe_date(year: int, month: int | None, day: int) -> date | None:
    try:
        return date(year, month, day) if month else None
    except ValueError:
        return None


def _source_ref(lines: list[str]) -> str | None:
    for line in lines:
        match = _OUR_REF.search(line)
        if match and any(ch.isdigit() for ch in match["ref"]):
            return match["ref"].rstrip(".")
    for line in lines:
        if _SALUTATION.match(line):
            break
        if _BARE_REF.match(line):
            return line
    return None


def _meeting_date(text: str, letter_date: date | None) -> date | None:
    """The first dated meeting mentioned; a day without a year is the latest one on or before
    the letter."""
    for match in _MEETING.finditer(text):
        month = _MONTHS.get(match["month"].lower())
        day = int(match["day"])
        if match["year"]:
            found = _safe_date(int(match["year"]), month, day)
        elif letter_date:
            found = _safe_date(letter_date.year, month, day)
            if found and found > letter_date:
                found = _safe_date(letter_date.year - 1, month, day)
        else:
            found = None
        if found:
            return found
    return None


def _paragraphs(text: str) -> list[tuple[int, list[str]]]:
    """Blank-line separated paragraphs, each with the 1-based line it starts on."""
    paragraphs: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                paragraphs.append((number, current))
            current.append(strip_emphasis(line).strip().lstrip("#").strip())
        else:
            current = []
    return paragraphs


def find_recommendations(text: str) -> Recommendations:
    """Paragraphs labelled "Recommendation", "Recommendation 3:" or "Recommendation - ...".

    Only the label counts: prose that merely mentions recommendations ("the report made 20
    recommendations") is commentary, not a recommendation the board can track.
    """
    found = Recommendations()
    paragraphs = _paragraphs(text)
    index = 0
    while index < len(paragraphs):
        line, lines = paragraphs[index]
        match = _LABEL.match(normalise_space(" ".join(lines)))
        index += 1
        if not match:
            continue
        body = match["body"] or ""
        # A heading such as "Recommendation 2" has its text in the next paragraph.
        heading_only = not match["sep"] or not body
        if heading_only and index < len(paragraphs) and not _LABEL.match(paragraphs[index][1][0]):
            body = " ".join(paragraphs[index][1])
            index += 1
        if body.endswith(":"):
            # "... will help the force to:" is finished by the list that follows it
            while index < len(paragraphs) and _is_list(paragraphs[index][1]):
                body += " " + " ".join(_LIST_ITEM.sub("", item) for item in paragraphs[index][1])
                index += 1
        number = f"R{match['number'] or len(found.rows) + len(found.problems) + 1}"
        _add_recommendation(found, line, number, normalise_space(body))
    return found


def _is_list(lines: list[str]) -> bool:
    return all(_LIST_ITEM.match(item) for item in lines)


def _add_recommendation(found: Recommendations, line: int, number: str, body: str) -> None:
    if not body:
        found.problems.append(
            RowProblem(line, clip(number), "This recommendation heading has no text after it.")
        )
        return
    by_date = _BY_DATE.search(body)
    leading = _LEADING_TIMING.match(body)
    timing = by_date.group(0) if by_date else (leading.group(0) if leading else "")
    # Leads stay empty: the addressee ("chief constables in England and Wales") is not a board
    # lead, and splitting it on "and" would invent two.
    found.rows.append(
        DraftRow(
            line=line,
            number=number,
            description=body,
            timing=timing,
            forum=find_forum(body),
        )
    )
