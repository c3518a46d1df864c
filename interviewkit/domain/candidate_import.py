"""Candidates from an applicant tracker's CSV export: read, checked, every problem named.

Pure: bytes in, rows and problems out. Handles a UTF-8 (or UTF-16) byte-order mark, `,` `;`
or tab between fields (told apart on the header line), quoted fields (with the delimiter,
doubled quotes or line breaks inside), blank lines, and a size and row limit. Every problem
names the line it starts on and the column, as the file spells it; nothing is partly read.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from . import catalog
from .spreadsheet import looks_like_formula

MAX_BYTES = 256 * 1024
MAX_ROWS = 500
MAX_PROBLEMS = 200
DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}

# Each field of an intake, and the header names trackers export it under.
COLUMNS = {
    "name": ("name", "candidate_name", "candidate", "full_name"),
    "email": ("email", "candidate_email", "email_address", "e_mail"),
    "role": ("role", "role_title", "job_title", "job", "position"),
    "lane": ("lane",),
    "level": ("level",),
    "domain": ("domain",),
    "deployment_target": ("deployment_target", "deployment"),
}
REQUIRED = ("name", "email", "role", "lane", "level")
LIMITS = {"name": 200, "email": 254, "role": 200}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class ImportProblem:
    line: int | None  # None: the file as a whole
    column: str | None  # as the header spells it; None: the whole line
    message: str

    def text(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return (", ".join(where) + ": " if where else "") + self.message


@dataclass(frozen=True)
class CandidateRow:
    line: int
    name: str
    email: str
    role_title: str
    lane: str
    level: str
    domain: str | None
    deployment_target: str | None


@dataclass(frozen=True)
class CandidateFile:
    rows: tuple[CandidateRow, ...]
    problems: tuple[ImportProblem, ...]
    delimiter: str = ","
    ignored_columns: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.strip().lower())


def _lookup(terms: tuple[catalog.Term, ...]) -> dict[str, str]:
    """Each term by its id and by its name, ignoring case, spaces and punctuation."""
    found: dict[str, str] = {}
    for term in terms:
        found[_compact(term.id)] = term.id
        found[_compact(term.name)] = term.id
    return found


_VALUES = {"lane": _lookup(catalog.LANES), "level": _lookup(catalog.LEVELS),
           "domain": _lookup(catalog.DOMAINS),
           "deployment_target": _lookup(catalog.DEPLOYMENT_TARGETS)}
_HEADERS = {_key(alias): field for field, aliases in COLUMNS.items() for alias in aliases}


def decode(data: bytes) -> tuple[str | None, ImportProblem | None]:
    """Return the text of the file, or the problem that stops it being read.

    UTF-8 with or without a byte-order mark, and UTF-16 with one (Excel's "Unicode text")."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return None, ImportProblem(None, None, "this file is UTF-32 text; save it as "
                                               "“CSV UTF-8” and upload it again")
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    try:
        return data.decode("utf-16" if utf16 else "utf-8-sig"), None
    except UnicodeDecodeError as error:
        if utf16:
            return None, ImportProblem(None, None, (
                "this file starts like UTF-16 text but is cut short or garbled; save it as "
                "“CSV UTF-8” and upload it again"))
        line = data[:error.start].count(b"\n") + 1
        return None, ImportProblem(line, None, "this is not UTF-8 text; save the file as "
                                               "“CSV UTF-8” and upload it again")


def _delimiter(header_line: str) -> str:
    counts = {}
    for d in DELIMITERS:
        try:
            counts[d] = len(next(csv.reader([header_line], delimiter=d), []))
        except csv.Error:  # e.g. a quoted field past the csv module's size limit
            counts[d] = 0
    best = max(DELIMITERS, key=lambda d: (counts[d], d == ","))
    return best if counts[best] > 1 else ","


def read_candidates(data: bytes, *, max_bytes: int = MAX_BYTES,
                    max_rows: int = MAX_ROWS) -> CandidateFile:
    """Read a tracker's CSV export into candidate rows, or every problem found in it."""
    if len(data) > max_bytes:
        return CandidateFile((), (ImportProblem(None, None, (
            f"the file is {len(data) / 1024:.0f} KB; the limit is {max_bytes // 1024} KB "
            f"(about {max_rows} candidates). Split it and import each part.")),))
    text, problem = decode(data)
    if problem is not None or text is None:
        return CandidateFile((), (problem,) if problem else ())
    lines = text.splitlines()
    header_line = next((line for line in lines if line.strip()), None)
    if header_line is None:
        return CandidateFile((), (ImportProblem(None, None, "the file is empty; it needs a "
                                                "header line and one line per candidate"),))
    delimiter = _delimiter(header_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    problems: list[ImportProblem] = []
    rows: list[CandidateRow] = []
    header: list[str] | None = None
    columns: dict[str, int] = {}
    ignored: list[str] = []
    seen_emails: dict[str, int] = {}
    last_line = 0
    try:
        for record in reader:
            line, last_line = last_line + 1, reader.line_num
            if not any(field.strip() for field in record):
                continue
            if header is None:
                header = [field.strip() for field in record]
                columns, ignored, header_problems = _read_header(header, line)
                problems += header_problems
                if header_problems:
                    break
                continue
            if len(rows) >= max_rows:
                problems.append(ImportProblem(line, None, (
                    f"more than {max_rows} candidates; import at most {max_rows} at a time")))
                break
            row, row_problems = _read_row(record, header, columns, line, seen_emails,
                                          delimiter)
            problems += row_problems
            if row is not None:
                rows.append(row)
            if len(problems) >= MAX_PROBLEMS:
                break
    except csv.Error as error:
        problems.append(ImportProblem(reader.line_num or last_line + 1, None,
                                      f"the line cannot be read as CSV ({error}); check its "
                                      "quotes"))
    if header is not None and not rows and not problems:
        problems.append(ImportProblem(None, None, "the file has a header line but no "
                                                  "candidates"))
    return CandidateFile(tuple(rows), tuple(problems[:MAX_PROBLEMS]), delimiter, tuple(ignored))


def _read_header(header: list[str], line: int
                 ) -> tuple[dict[str, int], list[str], list[ImportProblem]]:
    columns: dict[str, int] = {}
    ignored: list[str] = []
    problems: list[ImportProblem] = []
    for index, name in enumerate(header):
        field = _HEADERS.get(_key(name))
        if field is None:
            if name:
                ignored.append(name)
            continue
        if field in columns:
            problems.append(ImportProblem(line, name, (
                f"a second {field} column (the first is {header[columns[field]]!r}); "
                "keep one")))
            continue
        columns[field] = index
    found = ", ".join(repr(h) for h in header if h) or "none"
    for field in REQUIRED:
        if field not in columns:
            problems.append(ImportProblem(line, field, (
                f"no {field} column in the header line (columns found: {found}); the "
                f"header needs {', '.join(REQUIRED)} and may have domain")))
    return columns, ignored, problems


def _read_row(record: list[str], header: list[str], columns: dict[str, int], line: int,
              seen_emails: dict[str, int], delimiter: str
              ) -> tuple[CandidateRow | None, list[ImportProblem]]:
    problems: list[ImportProblem] = []
    if len(record) > len(header) and any(f.strip() for f in record[len(header):]):
        problems.append(ImportProblem(line, None, (
            f"{len(record)} fields, but the header line has {len(header)}; put double "
            f"quotes around any value that holds a {DELIMITER_NAMES[delimiter]}")))
        return None, problems

    def cell(field: str) -> tuple[str, str]:
        index = columns.get(field)
        if index is None:
            return field, ""
        return header[index], (record[index] if index < len(record) else "").strip()

    values: dict[str, str] = {}
    for field in ("name", "email", "role"):
        column, value = cell(field)
        # A quoted value may run over lines in the export; on a page it is one line.
        value = " ".join(value.split())
        if not value:
            problems.append(ImportProblem(line, column, f"the {field} is empty"))
        elif _CONTROL.search(value):
            problems.append(ImportProblem(line, column, f"the {field} holds a control "
                                                        "character"))
        elif field in ("name", "role") and looks_like_formula(value):
            problems.append(ImportProblem(line, column, (
                f"the {field} starts with {value[0]!r}, which a spreadsheet runs as a "
                "formula; remove it (a name or role never starts with = + - or @)")))
        elif len(value) > LIMITS[field]:
            problems.append(ImportProblem(line, column, (
                f"the {field} is {len(value)} characters; at most {LIMITS[field]}")))
        values[field] = value
    email_column, email = cell("email")[0], values["email"]
    if email and not any(p.column == email_column for p in problems):
        try:
            email = validate_email(email, check_deliverability=False).normalized.lower()
        except EmailNotValidError as error:
            problems.append(ImportProblem(line, email_column,
                                          f"{email!r} is not an email address ({error})"))
        else:
            if email in seen_emails:
                problems.append(ImportProblem(line, email_column, (
                    f"{email} is already on line {seen_emails[email]}; one loop per "
                    "candidate")))
            else:
                seen_emails[email] = line
    chosen: dict[str, str | None] = {}
    for field in ("lane", "level", "domain", "deployment_target"):
        column, value = cell(field)
        if not value:
            chosen[field] = None
            if field in REQUIRED:
                problems.append(ImportProblem(line, column, f"the {field} is empty"))
            continue
        found = _VALUES[field].get(_compact(value))
        if found is None:
            terms = {"lane": catalog.LANES, "level": catalog.LEVELS,
                     "domain": catalog.DOMAINS,
                     "deployment_target": catalog.DEPLOYMENT_TARGETS}[field]
            problems.append(ImportProblem(line, column, (
                f"{value[:60]!r} is not a {field.replace('_', ' ')}; use one of "
                f"{', '.join(t.id for t in terms)}")))
        chosen[field] = found
    if chosen.get("lane") == "domain" and not chosen.get("domain") and not any(
            p.column == cell("domain")[0] for p in problems):
        problems.append(ImportProblem(line, cell("domain")[0], (
            "domain-specialist loops need a domain" + (
                "" if "domain" in columns else "; add a domain column"))))
    if problems:
        return None, problems
    return CandidateRow(line=line, name=values["name"], email=email,
                        role_title=values["role"], lane=str(chosen["lane"]),
                        level=str(chosen["level"]), domain=chosen["domain"],
                        deployment_target=chosen["deployment_target"]), []
