"""What changed: the audit log read as changes to cases, each said in words and put under its case.

Every insert, update and delete of a followed table (cases, defendants, prosecutions, charges,
events, codings, adjudications) is in the audit log, an import's many rows in one entry
(`nsdocket.db.audit.changes_between` reads those as one change per row). Each change is tied
to the case it is about (a prosecution's to the case its copy names; its charges', events' and
codings' to the case the prosecution is in now; a defendant's to every case they are in) and
worded by `nsdocket.queries.change_words`. In the public view a defendant who is sensitive now
is withheld in every copy the log keeps, and withheld names are scrubbed from all text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from sqlalchemy import Connection, Engine, select

from nsdocket.db.audit import AuditEntry, changes_between
from nsdocket.db.schema import case, case_defendant, defendant, metadata
from nsdocket.queries.change_words import (
    ARROW,
    FOLLOWED_TABLES,
    added_details,
    field_label,
    hidden_fields,
    row_subject,
    value_words,
)
from nsdocket.queries.redact import display_name, redact_copy, sensitive_rows
from nsdocket.queries.scrub import Scrubber, scrubber_for

#: Tables whose rows belong to one prosecution (through ``case_defendant_id``).
PROSECUTION_PARTS = ("charge", "event", "coding", "adjudication")
#: Ids looked up per query, and changes worded per round of look-ups.
_CHUNK = 500


@dataclass(frozen=True)
class FieldChange:
    """One field of a row that changed, with its name in words."""

    field: str
    label: str
    before: Any
    after: Any

    def words(self) -> str:
        """``verdict: pending -> convicted``."""
        return f"{self.label}: {value_words(self.before)} {ARROW} {value_words(self.after)}"


@dataclass(frozen=True)
class Change:
    """One change to one row, tied to the case it is about.

    Attributes:
        audit_id: the audit log entry that records it.
        at: when (UTC).
        table: the table changed.
        row_id: the row changed.
        action: insert, update or delete.
        subject: the row in words (``prosecution of Tong Ying-kit``).
        details: for an added row, what it says (``verdict: pending``).
        fields: for an update, the fields that changed.
        case_id: the case it is about (None: a defendant in no case, a prosecution gone).
        case_title: that case's title.
        defendant_id: the defendant it is about, if any.
        path: the page to read it on: its case's, else its defendant's (empty when
            neither exists any more).
        batch: the operation it was part of (one import, one save).
        actor: who made it (empty in the public view).
    """

    audit_id: int
    at: dt.datetime
    table: str
    row_id: int
    action: str
    subject: str
    details: str = ""
    fields: tuple[FieldChange, ...] = ()
    case_id: int | None = None
    case_title: str = ""
    defendant_id: int | None = None
    path: str = ""
    batch: str = ""
    actor: str = ""

    @property
    def words(self) -> str:
        """The change in one line: ``prosecution of X: verdict: pending -> convicted``."""
        if self.action == "insert":
            return f"added {self.subject}" + (f": {self.details}" if self.details else "")
        if self.action == "delete":
            return f"removed {self.subject}"
        return f"{self.subject}: " + "; ".join(f.words() for f in self.fields)

    def to_json(self) -> dict[str, Any]:
        """The change as JSON-ready data."""
        return {
            "audit_id": self.audit_id,
            "at": self.at.isoformat(),
            "table": self.table,
            "row_id": self.row_id,
            "action": self.action,
            "words": self.words,
            "subject": self.subject,
            "details": self.details,
            "fields": [{**f.__dict__, "words": f.words()} for f in self.fields],
            "case_id": self.case_id,
            "defendant_id": self.defendant_id,
            "path": self.path,
            "batch": self.batch,
            "actor": self.actor,
        }


@dataclass(frozen=True)
class CaseChanges:
    """The changes to one case (and what hangs on it), oldest first."""

    case_id: int | None
    title: str
    changes: tuple[Change, ...]

    @property
    def path(self) -> str:
        """The case's page (empty for changes that belong to no case, or a case gone)."""
        found = f"/cases/{self.case_id}"
        return found if any(c.path == found for c in self.changes) else ""

    @property
    def last_at(self) -> dt.datetime:
        """When the latest of its changes was made."""
        return max(c.at for c in self.changes)

    def to_json(self) -> dict[str, Any]:
        """The case's changes as JSON-ready data."""
        return {
            "case_id": self.case_id,
            "title": self.title,
            "path": self.path,
            "last_at": self.last_at.isoformat(),
            "changes": [c.to_json() for c in self.changes],
        }


def group_by_case(changes: Iterable[Change]) -> list[CaseChanges]:
    """Changes put under their cases: the most recently changed case first, changes that
    belong to no case last; each case's changes oldest first."""
    by_case: dict[int | None, list[Change]] = {}
    for change in changes:
        by_case.setdefault(change.case_id, []).append(change)
    groups = [
        CaseChanges(
            case_id,
            items[-1].case_title if case_id is not None else "Not in any case",
            tuple(sorted(items, key=lambda c: (c.at, c.audit_id))),
        )
        for case_id, items in by_case.items()
    ]
    return sorted(
        groups,
        key=lambda g: (g.case_id is None, -g.last_at.timestamp(), g.case_id or 0),
    )


@dataclass(frozen=True)
class Following:
    """Which changes to keep: those about some cases, or one defendant (None: every change).

    Attributes:
        case_ids: keep changes about these cases.
        defendant_id: keep changes about this defendant (their rows and prosecutions).
    """

    case_ids: frozenset[int] | None = None
    defendant_id: int | None = None

    def keeps(self, change: Change) -> bool:
        """Whether ``change`` is one of those followed."""
        if self.case_ids is not None and change.case_id not in self.case_ids:
            return False
        return self.defendant_id is None or change.defendant_id == self.defendant_id

    def touching(self, connection: Connection) -> dict[str, set[int]] | None:
        """The rows these changes can be about now, per table (None: any row)."""
        if self.case_ids is None and self.defendant_id is None:
            return None
        where = (
            case_defendant.c.case_id.in_(sorted(self.case_ids))
            if self.case_ids is not None
            else case_defendant.c.defendant_id == self.defendant_id
        )
        found = connection.execute(
            select(
                case_defendant.c.id, case_defendant.c.case_id, case_defendant.c.defendant_id
            ).where(where)
        ).all()
        cd_ids = {int(r.id) for r in found}
        rows: dict[str, set[int]] = {
            "case": {int(r.case_id) for r in found} | set(self.case_ids or ()),
            "defendant": {int(r.defendant_id) for r in found},
            "case_defendant": cd_ids,
        }
        if self.defendant_id is not None:
            rows["defendant"].add(self.defendant_id)
        for name in PROSECUTION_PARTS:
            table = metadata.tables[name]
            rows[name] = set()
            for ids in _chunks(sorted(cd_ids)):
                found_ids = connection.execute(
                    select(table.c.id).where(table.c.case_defendant_id.in_(ids))
                ).scalars()
                rows[name].update(int(i) for i in found_ids)
        return rows


def read_changes(
    engine: Engine,
    *,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    public: bool = False,
    newest_first: bool = False,
    following: Following | None = None,
) -> Iterator[Change]:
    """The changes to followed tables made from ``start`` to ``end`` (UTC, both included).

    An update that changed only fields not reported (versions, timestamps, or in the public
    view withheld ones) is left out. A change to a defendant comes once for each case they
    are in. Read lazily: a caller that has enough may stop.

    Args:
        engine: the database.
        start: the first moment counted (None: the beginning).
        end: the last moment counted (None: now).
        public: the public view: sensitive defendants withheld, the team's coding work left
            out, withheld names scrubbed from all text, no actors.
        newest_first: the latest change first.
        following: only the changes about some cases or one defendant.
    """
    following = following or Following()
    with engine.connect() as connection:
        scrub = scrubber_for(engine) if public else None
        lookup = _Lookup(connection, public=public, scrub=scrub)
        entries = changes_between(
            connection,
            FOLLOWED_TABLES,
            start=start,
            end=end,
            newest_first=newest_first,
            touching=following.touching(connection),
        )
        while chunk := list(islice(entries, _CHUNK)):
            lookup.load(chunk)
            for entry in chunk:
                for change in lookup.describe(entry):
                    if following.keeps(change):
                        yield change


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for at in range(0, len(ids), _CHUNK):
        yield ids[at : at + _CHUNK]


def _image(entry: AuditEntry) -> dict[str, Any]:
    """The row as the change left it, or as it was before a delete."""
    return dict(entry.after if entry.after is not None else entry.before or {})


@dataclass
class _Lookup:
    """What changes are worded with: each prosecution's case and defendant, each defendant's
    name and cases, each case's title; read from the database in chunks, and from the log's
    own copies for rows that are gone."""

    connection: Connection
    public: bool
    scrub: Scrubber | None
    prosecutions: dict[int, tuple[int, int]] = field(default_factory=dict)
    people: dict[int, dict[str, Any]] = field(default_factory=dict)
    cases_of: dict[int, list[int]] = field(default_factory=dict)
    titles: dict[int, str] = field(default_factory=dict)
    sensitive: set[int] = field(default_factory=set)
    # the cases and defendants that still exist (their pages can be linked)
    live_cases: set[int] = field(default_factory=set)
    live_people: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        if self.public:
            rows = sensitive_rows(self.connection)
            self.sensitive = {row_id for name, row_id in rows if name == "defendant"}

    def load(self, entries: list[AuditEntry]) -> None:
        """Look up what these entries need and is not known yet."""
        cd_ids = {e.row_id for e in entries if e.table_name == "case_defendant"}
        cd_ids |= {
            int(_image(e)["case_defendant_id"])
            for e in entries
            if e.table_name in PROSECUTION_PARTS and _image(e).get("case_defendant_id") is not None
        }
        self._load_prosecutions(cd_ids - set(self.prosecutions), entries)
        people = {e.row_id for e in entries if e.table_name == "defendant"}
        self._load_cases_of(people - set(self.cases_of))
        people |= {self.prosecutions[i][1] for i in cd_ids if i in self.prosecutions}
        self._load_people(people - set(self.people), entries)
        case_ids = {e.row_id for e in entries if e.table_name == "case"}
        case_ids |= {self.prosecutions[i][0] for i in cd_ids if i in self.prosecutions}
        case_ids |= {c for p in people for c in self.cases_of.get(p, ())}
        self._load_titles(case_ids - set(self.titles), entries)

    def _load_prosecutions(self, wanted: set[int], entries: list[AuditEntry]) -> None:
        for ids in _chunks(sorted(wanted)):
            rows = self.connection.execute(
                select(
                    case_defendant.c.id, case_defendant.c.case_id, case_defendant.c.defendant_id
                ).where(case_defendant.c.id.in_(ids))
            )
            for r in rows:
                self.prosecutions[int(r.id)] = (int(r.case_id), int(r.defendant_id))
        for e in entries:  # prosecutions deleted since: as the log last saw them
            if e.table_name != "case_defendant" or e.row_id in self.prosecutions:
                continue
            case_id, person_id = (_int(_image(e).get(k)) for k in ("case_id", "defendant_id"))
            if case_id is not None and person_id is not None:
                self.prosecutions[e.row_id] = (case_id, person_id)

    def _load_cases_of(self, people: set[int]) -> None:
        for ids in _chunks(sorted(people)):
            for p in ids:
                self.cases_of.setdefault(p, [])
            rows = self.connection.execute(
                select(case_defendant.c.defendant_id, case_defendant.c.case_id)
                .where(case_defendant.c.defendant_id.in_(ids))
                .order_by(case_defendant.c.case_id)
            )
            for r in rows:
                self.cases_of[int(r.defendant_id)].append(int(r.case_id))

    def _load_people(self, wanted: set[int], entries: list[AuditEntry]) -> None:
        for ids in _chunks(sorted(wanted)):
            rows = self.connection.execute(
                select(defendant.c.id, defendant.c.name, defendant.c.sensitive).where(
                    defendant.c.id.in_(ids)
                )
            ).mappings()
            for r in rows:
                self.people[int(r["id"])] = dict(r)
                self.live_people.add(int(r["id"]))
        for e in entries:
            if e.table_name == "defendant" and e.row_id not in self.people:
                image = _image(e)
                self.people[e.row_id] = {
                    "id": e.row_id,
                    "name": image.get("name", ""),
                    "sensitive": bool(image.get("sensitive")),
                }

    def _load_titles(self, wanted: set[int], entries: list[AuditEntry]) -> None:
        for ids in _chunks(sorted(wanted)):
            rows = self.connection.execute(
                select(case.c.id, case.c.title).where(case.c.id.in_(ids))
            )
            for r in rows:
                self.titles[int(r.id)] = self._text(str(r.title))
                self.live_cases.add(int(r.id))
        for e in entries:
            if e.table_name == "case" and e.row_id not in self.titles:
                self.titles[e.row_id] = self._text(str(_image(e).get("title", "")))

    def _text(self, value: Any) -> Any:
        return self.scrub.value(value) if self.scrub is not None else value

    def _withheld(self, defendant_id: int | None, *copies: dict[str, Any] | None) -> bool:
        """Whether this defendant is withheld from the public view (sensitive now, or in
        any copy the change holds)."""
        if not self.public or defendant_id is None:
            return False
        known = self.people.get(defendant_id, {})
        return (
            defendant_id in self.sensitive
            or bool(known.get("sensitive"))
            or any(bool(c and c.get("sensitive")) for c in copies)
        )

    def person(self, defendant_id: int | None) -> str:
        """The defendant's name as the view shows it."""
        if defendant_id is None:
            return ""
        known = self.people.get(defendant_id, {"id": defendant_id, "name": ""})
        row = {**known, "id": defendant_id, "sensitive": self._withheld(defendant_id)}
        return str(self._text(display_name(row, public=self.public)))

    def describe(self, entry: AuditEntry) -> list[Change]:
        """The change this entry records, once per case it is about (none when nothing
        reportable changed)."""
        table, before, after = entry.table_name, entry.before, entry.after
        image = _image(entry)
        if table == "defendant":
            person_id: int | None = entry.row_id
        elif table == "case_defendant":
            person_id = _int(image.get("defendant_id"))
        else:
            cd = self.prosecutions.get(_int(image.get("case_defendant_id")) or -1)
            person_id = cd[1] if cd else None
        if table == "defendant" and self._withheld(entry.row_id, before, after):
            before = redact_copy(table, before) if before is not None else None
            after = redact_copy(table, after) if after is not None else None
            image = redact_copy(table, image)
        subject = self._text(
            row_subject(table, image, person=self.person(person_id), public=self.public)
        )
        fields: tuple[FieldChange, ...] = ()
        details = ""
        if entry.action == "update":
            hidden = hidden_fields(table, public=self.public)
            changed = dataclasses.replace(entry, before=before, after=after).changed_fields()
            fields = tuple(
                FieldChange(k, field_label(table, k), self._text(old), self._text(new))
                for k, (old, new) in changed.items()
                if k not in hidden
            )
            if not fields:
                return []
        elif entry.action == "insert":
            details = self._text(added_details(table, image, public=self.public))
        return [
            Change(
                audit_id=entry.id,
                at=entry.at,
                table=table,
                row_id=entry.row_id,
                action=entry.action,
                subject=subject,
                details=details,
                fields=fields,
                case_id=case_id,
                case_title=self.titles.get(case_id, "") if case_id is not None else "",
                defendant_id=person_id,
                path=self._path(case_id, person_id),
                batch=entry.batch,
                actor="" if self.public else entry.actor,
            )
            for case_id in self._cases(table, entry.row_id, image)
        ]

    def _path(self, case_id: int | None, person_id: int | None) -> str:
        if case_id is not None and case_id in self.live_cases:
            return f"/cases/{case_id}"
        if person_id is not None and person_id in self.live_people:
            return f"/defendants/{person_id}"
        return ""

    def _cases(self, table: str, row_id: int, image: dict[str, Any]) -> list[int | None]:
        if table == "case":
            return [row_id]
        if table == "defendant":
            return list(self.cases_of.get(row_id, [])) or [None]
        if table == "case_defendant":
            return [_int(image.get("case_id"))]
        cd = self.prosecutions.get(_int(image.get("case_defendant_id")) or -1)
        return [cd[0] if cd else None]


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, int) else None
