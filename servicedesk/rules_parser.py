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
from dataclasses import dataclass

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


def parse_rules(text: str) -> list[ParsedClause]:
    """Parse the rules text into clauses in reading order.

    Steps: 1. skip the approval block and title up to the first line numbered ``1.``;
    2. main part: each numbered line starts a clause, an unnumbered line continues the last
    one; 3. from ``1.pielikums`` on, the annex tables (rows split at the tab).
    """
    clauses: list[ParsedClause] = []
    seen: dict[tuple[str, str], int] = {}
    state = "preamble"
    current: dict[str, object] | None = None
    pending: list[dict[str, object]] = []

    def start(part: str, number: str, lines: list[str]) -> dict[str, object]:
        key = (part, number)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            number = f"{number}{_DUPLICATE_SUFFIX}{seen[key]}"
        item: dict[str, object] = {"part": part, "number": number, "lines": lines}
        pending.append(item)
        return item

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if _ANNEX_START.match(line):
            state, current = "annex", None
            continue
        if state == "preamble":
            if re.match(r"^(?:-\s+)?1\.\s+\S", line):
                state = "main"
            else:
                continue
        if state == "main":
            match = _CLAUSE.match(line)
            if match:
                current = start(MAIN, match.group(1), [_clean(match.group(2))])
            elif current is not None:
                lines = current["lines"]
                assert isinstance(lines, list)
                lines.append(_clean(line))
            continue
        # Annex 1
        lowered = line.casefold()
        if lowered.startswith("netipisk"):
            state, current = "atypical", None
            continue
        if lowered.startswith("tipisk"):
            state, current = "typical", None
            continue
        if state not in ("typical", "atypical"):
            continue
        part = ANNEX_TYPICAL if state == "typical" else ANNEX_ATYPICAL
        row = _ANNEX_ROW.match(line)
        if row:
            title, _tab, rest = row.group(2).partition("\t")
            current = start(part, row.group(1), [_clean(title), *_annex_cell(rest)])
        elif current is not None and current["part"] == part:
            lines = current["lines"]
            assert isinstance(lines, list)
            lines.extend(_annex_cell(line))

    for position, item in enumerate(pending, start=1):
        lines = item["lines"]
        assert isinstance(lines, list)
        separator = " " if item["part"] == MAIN else "\n"
        clauses.append(
            ParsedClause(
                part=str(item["part"]),
                number=str(item["number"]),
                text=separator.join(str(x) for x in lines if x),
                position=position,
            )
        )
    return clauses
