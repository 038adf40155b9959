"""Split the text of the customer service rules into numbered clauses (clauses 9 and 10).

Pure Python on purpose: the data migration ``0003_rules_version_1`` imports it, so it must not
touch Django models.

The 2019 text is irregular, and the parser copes with what it has:

- clause lines may start with ``- `` or with indentation, or with neither;
- some headings are italic (``2.1.3. *vienāda attieksme:*``); the asterisks are dropped;
- section headings are numbered like clauses (``1. Vispārīgie jautājumi``) and are stored as
  clauses with that number; the text repeats the number 5 (``5. Noteikumu izpilde`` and, after
  clause 8, ``5. Noslēguma jautājums``), so a repeated number is stored as ``5#2`` to keep
  numbers unique per (version, part); ``display_number`` gives back ``5``;
- Annex 1 is two tab-separated tables: the typical situation's steps 1–6 with their expected
  result, and atypical situations 1–6 with the prescribed actions. Each row becomes one clause:
  the first line is the step or situation, each following line one numbered result or action.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAIN = "main"
ANNEX_TYPICAL = "annex1_typical"
ANNEX_ATYPICAL = "annex1_atypical"

# "1.1. text", "- 2.1.1. text", " - 3.5.1. text", "6. text"; not "72.panta" or "2019.gada".
_CLAUSE = re.compile(r"^(?:-\s+)?(\d+(?:\.\d+)*)\.?\s+(\S.*)$")
_ANNEX_START = re.compile(r"^\d+\.\s*pielikums\b", re.IGNORECASE)
_ANNEX_ROW = re.compile(r"^(\d+)\.\s+(\S.*)$")
# A numbered item inside an annex cell: "2.1. Es esmu …", split before each of them.
_ANNEX_ITEM = re.compile(r"\s+(?=\d+\.\d+\.\s)")
_ITALIC_HTML = re.compile(r"<i>(.*?)</i>", re.DOTALL)
_DUPLICATE_SUFFIX = "#"


@dataclass(frozen=True)
class ParsedClause:
    part: str
    number: str
    text: str
    position: int


def display_number(number: str) -> str:
    """The number as the text prints it: ``5#2`` (a repeated heading) is shown as ``5``."""
    return number.split(_DUPLICATE_SUFFIX, 1)[0]


def depth(number: str) -> int:
    """1 for ``4``, 2 for ``4.3``, 3 for ``4.3.1``…"""
    return display_number(number).count(".") + 1


def _clean(text: str) -> str:
    text = _ITALIC_HTML.sub(lambda m: f"„{m.group(1).strip()}”", text)
    text = text.replace("**", "").replace("*", "")
    return re.sub(r"\s+", " ", text).strip()


def _annex_cell(cell: str) -> list[str]:
    """One table cell as lines: its numbered items each on their own line."""
    return [line for line in (_clean(p) for p in _ANNEX_ITEM.split(cell)) if line]


@dataclass
class _Pending:
    """A clause being read: its lines grow until the next numbered line."""

    part: str
    number: str
    lines: list[str]


@dataclass
class _Reader:
    """The state machine over the lines: ``preamble`` → ``main`` → ``annex`` → ``typical`` /
    ``atypical`` (the two tables of Annex 1)."""

    state: str = "preamble"
    current: _Pending | None = None
    pending: list[_Pending] = field(default_factory=list)
    seen: dict[tuple[str, str], int] = field(default_factory=dict)

    def start(self, part: str, number: str, lines: list[str]) -> None:
        """A new clause; a number repeated within its part gets a ``#n`` suffix."""
        key = (part, number)
        self.seen[key] = self.seen.get(key, 0) + 1
        if self.seen[key] > 1:
            number = f"{number}{_DUPLICATE_SUFFIX}{self.seen[key]}"
        self.current = _Pending(part, number, lines)
        self.pending.append(self.current)

    def read(self, line: str) -> None:
        if _ANNEX_START.match(line):
            self.state, self.current = "annex", None
            return
        if self.state == "preamble":
            if not re.match(r"^(?:-\s+)?1\.\s+\S", line):
                return
            self.state = "main"
        if self.state == "main":
            self.main_line(line)
        else:
            self.annex_line(line)

    def main_line(self, line: str) -> None:
        """A numbered line starts a clause, an unnumbered one continues the last."""
        match = _CLAUSE.match(line)
        if match:
            self.start(MAIN, match.group(1), [_clean(match.group(2))])
        elif self.current is not None:
            self.current.lines.append(_clean(line))

    def annex_line(self, line: str) -> None:
        """Annex 1: a table's heading switches the table; a numbered row starts a clause
        (split at the tab), any other line adds to the row above."""
        lowered = line.casefold()
        if lowered.startswith("netipisk"):
            self.state, self.current = "atypical", None
            return
        if lowered.startswith("tipisk"):
            self.state, self.current = "typical", None
            return
        if self.state not in ("typical", "atypical"):
            return
        part = ANNEX_TYPICAL if self.state == "typical" else ANNEX_ATYPICAL
        row = _ANNEX_ROW.match(line)
        if row:
            title, _tab, rest = row.group(2).partition("\t")
            self.start(part, row.group(1), [_clean(title), *_annex_cell(rest)])
        elif self.current is not None and self.current.part == part:
            self.current.lines.extend(_annex_cell(line))


def parse_rules(text: str) -> list[ParsedClause]:
    """Parse the rules text into clauses in reading order.

    Steps: 1. skip the approval block and title up to the first line numbered ``1.``;
    2. main part: each numbered line starts a clause, an unnumbered line continues the last
    one; 3. from ``1.pielikums`` on, the annex tables (rows split at the tab).
    """
    reader = _Reader()
    for raw in text.splitlines():
        if line := raw.strip():
            reader.read(line)
    return [
        ParsedClause(
            part=item.part,
            number=item.number,
            text=(" " if item.part == MAIN else "\n").join(x for x in item.lines if x),
            position=position,
        )
        for position, item in enumerate(reader.pending, start=1)
    ]
