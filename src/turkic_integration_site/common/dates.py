"""ISO 8601 dates with their precision (year, month or day) and ranges, printed per language."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from babel.dates import format_date

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
LOCALES = {"tr": "tr_TR", "en": "en_GB"}


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __lt__(self, other: "PartialDate") -> bool:  # a year sorts before its months, a month before its days
        return (self.year, self.month or 0, self.day or 0) < (other.year, other.month or 0, other.day or 0)

    @classmethod
    def parse(cls, text: str) -> "PartialDate":
        match = _PARTIAL.match(text.strip())
        if not match:
            raise ValueError(f"'{text}' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            dt.date(year, month or 1, day or 1)
        except ValueError:
            raise ValueError(f"impossible date '{text}'") from None
        return cls(year, month, day)

    @property
    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def as_date(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def format(self, lang: str) -> str:
        if self.day:
            return format_date(self.as_date(), "d MMMM y", locale=LOCALES[lang])
        if self.month:
            return format_date(self.as_date(), "LLLL y", locale=LOCALES[lang])
        return str(self.year)


@dataclass(frozen=True)
class DateSpan:
    """A single partial date, or a range `start/end` of two."""

    start: PartialDate
    end: PartialDate | None = None

    @classmethod
    def parse(cls, value: object) -> "DateSpan":
        text = str(value)
        if "/" in text:
            first, _, last = text.partition("/")
            start, end = PartialDate.parse(first), PartialDate.parse(last)
            if end < start:
                raise ValueError(f"range '{text}' ends before it starts")
            return cls(start, end)
        return cls(PartialDate.parse(text))

    def __lt__(self, other: "DateSpan") -> bool:
        return (self.start, self.end or self.start) < (other.start, other.end or other.start)

    @property
    def iso(self) -> str:
        return f"{self.start.iso}/{self.end.iso}" if self.end else self.start.iso

    @property
    def year(self) -> int:
        return self.start.year

    def format(self, lang: str) -> str:
        if not self.end:
            return self.start.format(lang)
        start, end = self.start, self.end
        same_precision = (start.month is None) == (end.month is None) and (start.day is None) == (end.day is None)
        if same_precision and start.day and start.year == end.year and start.month == end.month:
            return f"{start.day}–{end.format(lang)}"
        if same_precision and start.day and start.year == end.year:
            return f"{format_date(start.as_date(), 'd MMMM', locale=LOCALES[lang])} – {end.format(lang)}"
        return f"{start.format(lang)}–{end.format(lang)}"

    def __str__(self) -> str:
        return self.iso
