"""Writing seed rows table by table, each record found again by its natural key.

A case by its case number or title (or an alias left by a merge), a defendant by kind and name,
a prosecution by the seed row id and part, a charge or event by its position, a source by its
key. Existing records are updated, new ones inserted in bulk, and stale children deleted.

Every table is written a chunk of rows at a time, reading only the existing records that
chunk names, so that memory holds one chunk and the identifiers of the cases, not the file. A
case is inserted when a chunk first names it and settled once the whole file is read, from
what all its rows say of it (`CasePlan`, gathered by `FileLedger`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, Text, bindparam, cast, func, select, update

from nsdocket.case_status import case_status
from nsdocket.db.schema import case, case_defendant, charge, defendant, event, evidence, source
from nsdocket.db.writer import Row, Writer
from nsdocket.ingest.errors import ImportProblem
from nsdocket.ingest.seed_rows import DefendantSpec, SeedRow, SourceSpec
from nsdocket.names import ADULT_AGE, name_key
from nsdocket.people.store import names_of_row, record_names
from nsdocket.reference import ReferenceIds

#: Events from an events file are stored from this position up (see `load_events`).
FILE_POSITION = 100
#: What the rows of a case say of it beyond its first row: set once the file is read.
_SETTLED = ("case_numbers", "citations", "court", "status")
_CASE_COLUMNS = (
    "jurisdiction_id", "case_key", "key_aliases", "title", "case_numbers", "citations", "court",
    "status",
)  # fmt: skip


def _charge_outcome(row_outcome: str, text: str, left_on_file: bool, alternative: bool) -> str:
    if left_on_file:
        return "left_on_file"
    if row_outcome == "not_charged" or text.casefold().startswith("suspected"):
        return "suspected"
    if alternative and row_outcome == "convicted":
        return "unknown"
    return {
        "convicted": "convicted",
        "acquitted": "acquitted",
        "pending": "pending",
        "withdrawn": "withdrawn",
    }.get(row_outcome, "unknown")


@dataclass(slots=True)
class CasePlan:
    """What the rows of one case say of it, gathered over the whole file."""

    title: str
    courts: Counter[str] = field(default_factory=Counter)
    numbers: dict[str, None] = field(default_factory=dict)
    citations: dict[str, None] = field(default_factory=dict)
    outcomes: set[str] = field(default_factory=set)

    def add(self, row: SeedRow) -> None:
        """Count one more row of the case."""
        self.add_values(row.court, row.case_numbers, row.citations, row.outcome)

    def add_values(
        self, court: str, numbers: Iterable[str], citations: Iterable[str], outcome: str
    ) -> None:
        """Count one more row of the case, given what it says of the case."""
        if court:
            self.courts[court] += 1
        self.numbers.update(dict.fromkeys(numbers))
        self.citations.update(dict.fromkeys(citations))
        self.outcomes.add(outcome)


def _chunks(items: list[Any], size: int = 500) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Loader:
    def __init__(
        self, connection: Connection, writer: Writer, ref: ReferenceIds, file: str = ""
    ) -> None:
        self.file = file
        self.c = connection
        self.w = writer
        self.ref = ref
        # Identifiers only: each case by its key and its aliases. Defendants and sources are
        # looked up a chunk at a time, so memory does not grow with them.
        self.case_keys: dict[str, tuple[int, str]] = {}
        for row in connection.execute(select(case.c.id, case.c.case_key, case.c.key_aliases)):
            self.case_keys[row.case_key] = (row.id, row.case_key)
            for alias in row.key_aliases or []:
                self.case_keys[alias] = (row.id, row.case_key)
        # Defendants merged into others (`nsdocket defendants merge`): their keys name the
        # defendant kept, whose values the row does not overwrite.
        merged = select(defendant.c.id, defendant.c.kind, defendant.c.key_aliases).where(
            cast(defendant.c.key_aliases, Text) != "[]"
        )
        self.merged_keys: dict[tuple[str, str], int] = {
            (row.kind, key): int(row.id)
            for row in connection.execute(merged)
            for key in row.key_aliases or []
        }
        # The first row naming a defendant gives its values: a defendant with a higher id
        # than this was inserted by this import, and one in `met` was updated by it already.
        self.defendants_before = int(
            connection.execute(select(func.coalesce(func.max(defendant.c.id), 0))).scalar_one()
        )
        self.met: set[int] = set()
        self.defendant_ids: dict[tuple[str, str], int] = {}
        # The cases this import inserted (`open_cases`), the ones it settled, and the plans of
        # keys naming a case merged into another (with that case's own key).
        self.new_cases: set[int] = set()
        self.touched_cases: set[int] = set()
        self._alias_targets = {
            target for key, (_, target) in self.case_keys.items() if key != target
        }
        self._merged_plans: dict[str, list[CasePlan]] = {}
        self.fresh_defendants: set[int] = set()
        self._names: list[tuple[tuple[str, str], str, str, tuple[str, ...], str | None]] = []
        self.source_ids: dict[str, int] = {}
        # The prosecutions the last chunk inserted: nothing of theirs exists yet to look up.
        self.fresh: set[int] = set()

    def _children(self, table: Table, cd_ids: list[int]) -> dict[int, list[Row]]:
        out: dict[int, list[Row]] = {}
        for chunk in _chunks(cd_ids):
            stmt = select(table).where(table.c.case_defendant_id.in_(chunk))
            for r in self.c.execute(stmt).mappings():
                out.setdefault(r["case_defendant_id"], []).append(dict(r))
        return out

    def _upsert(self, table: Table, existing: Row | None, values: Row, pending: list[Row]) -> None:
        if existing is None:
            pending.append(values)
        else:
            self.w.update(table, existing["id"], values, current=existing)

    def open_cases(self, rows: list[SeedRow]) -> None:
        """Insert the cases a chunk of rows is the first to name, with what those rows say of
        them, so that their prosecutions can be written at once; `settle_cases` gives them
        what the whole file says once it is read, and `close_cases` audits them."""
        plans: dict[str, CasePlan] = {}
        for row in rows:
            if row.case_key not in self.case_keys:
                plans.setdefault(row.case_key, CasePlan(row.case_title)).add(row)
        new = [self._case_values(key, [plan], None, []) for key, plan in plans.items()]
        for values, new_id in zip(new, self.w.insert_many(case, new, audit=False), strict=True):
            self.case_keys[values["case_key"]] = (new_id, values["case_key"])
            self.new_cases.add(new_id)

    def settle_cases(self, plans: list[tuple[str, CasePlan]], warnings: list[str]) -> None:
        """Give a chunk of cases what every row of the file says of them (see
        `FileLedger.case_plans`): the cases this import inserted take those values, the cases
        it found are updated (and audited)."""
        groups: list[tuple[str, list[CasePlan]]] = []
        for key, plan in plans:
            target = self.resolve_case_key(key)
            if target != key or target in self._alias_targets:
                # A case merged into another: the rows of both keys fill the one kept, once
                # all of them are known (`close_cases`).
                self._merged_plans.setdefault(target, []).append(plan)
            else:
                groups.append((key, [plan]))
        self._settle(groups, warnings)

    def _settle(self, groups: list[tuple[str, list[CasePlan]]], warnings: list[str]) -> None:
        stmt = select(case).where(case.c.case_key.in_([key for key, _ in groups]))
        existing = {r["case_key"]: dict(r) for r in self.c.execute(stmt).mappings()}
        settled: list[Row] = []
        for key, members in groups:
            found = existing[key]
            case_id = int(found["id"])
            self.touched_cases.add(case_id)
            if case_id in self.new_cases:
                values = self._case_values(key, members, None, warnings)
                if any(found[c] != values[c] for c in _SETTLED):
                    settled.append(
                        {"settled_id": case_id, **{f"settled_{c}": values[c] for c in _SETTLED}}
                    )
            else:
                values = self._case_values(key, members, found, warnings)
                self.w.update(case, case_id, values, current=found)
        if settled:
            # Not audited as updates: `close_cases` records each new case once, as settled.
            statement = (
                update(case)
                .where(case.c.id == bindparam("settled_id"))
                .values({c: bindparam(f"settled_{c}") for c in _SETTLED})
            )
            self.c.execute(statement, settled)

    def close_cases(self, warnings: list[str]) -> set[int]:
        """Settle the merged cases' keys, audit the cases this import inserted (each once, as
        settled); return the ids of every case the file names."""
        merged = list(self._merged_plans.items())
        for start in range(0, len(merged), 500):
            self._settle(merged[start : start + 500], warnings)
        self._merged_plans = {}
        if self.new_cases:
            self.w.audit_inserted(case, list(_CASE_COLUMNS), self.new_cases)
        return self.touched_cases

    def resolve_case_key(self, key: str) -> str:
        """The key of the case a row's key names (itself, or the case it was merged into)."""
        known = self.case_keys.get(key)
        return known[1] if known else key

    def _case_values(
        self, key: str, members: list[CasePlan], existing: Row | None, warnings: list[str]
    ) -> Row:
        courts: Counter[str] = Counter()
        for plan in members:
            courts.update(plan.courts)
        if len(courts) > 1:
            warnings.append(f"case '{key}': rows name different courts: {', '.join(courts)}")
        numbers = existing["case_numbers"].split("; ") if existing else []
        numbers += [n for plan in members for n in plan.numbers]
        return {
            "jurisdiction_id": self.ref.jurisdiction_id,
            "case_key": existing["case_key"] if existing else key,
            "key_aliases": existing["key_aliases"] if existing else [],
            "title": members[0].title if existing is None else existing["title"],
            "case_numbers": "; ".join(dict.fromkeys(n for n in numbers if n)),
            "citations": "; ".join(dict.fromkeys(c for plan in members for c in plan.citations)),
            "court": courts.most_common(1)[0][0] if courts else "",
            "status": case_status(o for plan in members for o in plan.outcomes),
        }

    def _defendant_values(self, row: SeedRow, spec: DefendantSpec) -> Row:
        parsed = spec.name
        # The row's own columns (Chinese name, aliases, age) describe its named defendant, the
        # first part; a group row's "N others" gets none of them.
        named = spec.part == 0
        age, at_arrest = parsed.age, parsed.age_is_at_arrest
        if named and row.age is not None:
            age, at_arrest = row.age, True
        minor = (age is not None and age < ADULT_AGE) or (named and row.minor_at_arrest)
        aliases = [*parsed.aliases, *(row.aliases if named else ())]
        return {
            "kind": spec.kind,
            "name": parsed.name,
            "name_key": name_key(parsed.name),
            "name_original": parsed.original,
            "name_zh": row.name_zh if named else "",
            "aliases": list(dict.fromkeys(aliases)),
            "age": age,
            "age_is_at_arrest": at_arrest,
            "minor": minor,
            "group_size": spec.group_size,
            "sensitive": minor,
            "notes": "; ".join(parsed.notes),
        }

    def load_defendants(self, rows: list[SeedRow]) -> dict[tuple[str, str], int]:
        """Write the defendants a chunk of rows names; return the id of each (kind, name key)."""
        wanted: dict[tuple[str, str], Row] = {}
        ids: dict[tuple[str, str], int] = {}
        self._names = []
        # Only defendants this chunk inserts hold no names yet; earlier chunks' ones do.
        self.fresh_defendants = set()
        for row in rows:
            first_source = row.sources[0].key if row.sources else None
            for spec in row.defendants:
                values = self._defendant_values(row, spec)
                key = (values["kind"], values["name_key"])
                if values["kind"] == "person":
                    self._names.append(
                        (key, spec.name.original, values["name_zh"], tuple(values["aliases"]),
                         first_source)
                    )  # fmt: skip
                if key in self.merged_keys:
                    ids[key] = self.merged_keys[key]
                elif key not in wanted:
                    wanted[key] = values
        new: list[Row] = []
        for chunk in _chunks(list(wanted)):
            stmt = select(defendant).where(defendant.c.name_key.in_({k for _, k in chunk}))
            existing = {
                (r["kind"], r["name_key"]): dict(r) for r in self.c.execute(stmt).mappings()
            }
            for key in chunk:
                values, found = wanted[key], existing.get(key)
                if found is not None:
                    found_id = int(found["id"])
                    ids[key] = found_id
                    if found_id > self.defendants_before or found_id in self.met:
                        continue
                    self.met.add(found_id)
                    # A person marked sensitive by hand stays sensitive.
                    values["sensitive"] = bool(values["sensitive"] or found["sensitive"])
                self._upsert(defendant, found, values, new)
        for values, new_id in zip(new, self.w.insert_many(defendant, new), strict=True):
            ids[(values["kind"], values["name_key"])] = new_id
            self.fresh_defendants.add(new_id)
        self.defendant_ids = ids
        return ids

    def load_names(self) -> None:
        """Record the names the last chunk's rows give their people, each citing the row's
        first source (after `load_defendants` and `load_sources`)."""
        names = [
            n
            for key, reported, chinese, aliases, source_key in self._names
            for n in names_of_row(
                self.defendant_ids[key],
                reported,
                chinese,
                aliases,
                self.source_ids.get(source_key) if source_key else None,
            )
        ]
        record_names(self.c, self.w, names, self.fresh_defendants)

    def load_prosecutions(
        self,
        rows: list[SeedRow],
        defendant_ids: dict[Any, int],
        problems: list[ImportProblem],
    ) -> list[tuple[SeedRow, int]]:
        """Write the prosecutions of a chunk of rows; return each with its id. A row whose
        defendant is already in the case under another row id is a problem (and not written)."""
        wanted: list[tuple[SeedRow, tuple[str, int], Row]] = []
        for row in rows:
            for spec in row.defendants:
                values: Row = {
                    "case_id": self.case_keys[row.case_key][0],
                    "defendant_id": defendant_ids[(spec.kind, name_key(spec.name.name))],
                    "seed_row_id": row.row_id,
                    "seed_part": spec.part,
                    "plea": row.plea,
                    "outcome": row.outcome,
                    "verdict_text": row.verdict_text,
                    "sentence_text": row.sentence_text,
                    "sentence_months": row.sentence_months,
                    "appeal_text": row.appeal_text,
                    "conduct_summary": row.conduct_summary,
                    "violence_alleged": row.violence_alleged,
                    "first_pass_label": row.first_pass_label,
                    "notes": row.notes,
                }
                wanted.append((row, (row.row_id, spec.part), values))
        mine: dict[tuple[str, int], Row] = {}
        held: dict[tuple[int, int], tuple[str, int]] = {}
        for chunk in _chunks(wanted):
            row_ids = {key[0] for _, key, _ in chunk}
            for r in self.c.execute(
                select(case_defendant).where(case_defendant.c.seed_row_id.in_(row_ids))
            ).mappings():
                mine[(r["seed_row_id"], r["seed_part"])] = dict(r)
            pairs = select(case_defendant.c.case_id, case_defendant.c.defendant_id,
                           case_defendant.c.seed_row_id, case_defendant.c.seed_part).where(
                case_defendant.c.case_id.in_({v["case_id"] for _, _, v in chunk})
            )  # fmt: skip
            for pair in self.c.execute(pairs):
                held[(pair.case_id, pair.defendant_id)] = (pair.seed_row_id, pair.seed_part)
        new: list[Row] = []
        ids: dict[tuple[str, int], int] = {}
        written: set[tuple[str, int]] = set()
        order: list[tuple[SeedRow, tuple[str, int]]] = []
        for row, key, values in wanted:
            in_case = (values["case_id"], values["defendant_id"])
            other = held.get(in_case)
            if key in ids or key in written:
                continue  # a row id used twice in the file: the checking pass lists it
            if other is not None and other != key:
                problems.append(
                    ImportProblem(
                        self.file, row.line, "row_id", row.row_id,
                        f"the row id already used for this defendant in this case "
                        f"({other[0]}); one row per defendant in a case",
                    )
                )  # fmt: skip
                continue
            found = mine.get(key)
            if found is not None:
                ids[key] = int(found["id"])
            else:
                written.add(key)
            held[in_case] = key
            self._upsert(case_defendant, found, values, new)
            order.append((row, key))
        self.fresh = set()
        for stored, new_id in zip(new, self.w.insert_many(case_defendant, new), strict=True):
            ids[(str(stored["seed_row_id"]), int(stored["seed_part"]))] = new_id
            self.fresh.add(new_id)
        return [(row, ids[key]) for row, key in order]

    def _sync(
        self,
        table: Table,
        wanted: dict[int, dict[Any, Row]],
        slot: Callable[[Row], Any],
        owned: Callable[[Row], bool] = lambda row: True,
    ) -> None:
        """Make each prosecution's rows of ``table`` those wanted; rows not ``owned`` by the
        cases file (events from an events file) are left alone."""
        existing = self._children(table, [i for i in wanted if i not in self.fresh])
        new: list[Row] = []
        for cd_id, slots in wanted.items():
            have = {slot(r): r for r in existing.get(cd_id, []) if owned(r)}
            for key, values in slots.items():
                self._upsert(table, have.pop(key, None), values, new)
            for stale in have.values():
                self.w.delete(table, stale["id"], reason="no longer in the imported row")
        self.w.insert_many(table, new)

    def load_charges_and_events(self, prosecutions: list[tuple[SeedRow, int]]) -> None:
        charges: dict[int, dict[Any, Row]] = {}
        events: dict[int, dict[Any, Row]] = {}
        for row, cd_id in prosecutions:
            charges[cd_id] = {
                position: {
                    "case_defendant_id": cd_id,
                    "position": position,
                    "text": parsed.text,
                    "law_id": self.ref.law_ids.get(parsed.law_code or ""),
                    "offence_id": self.ref.offence_ids.get(parsed.offence.key)
                    if parsed.offence
                    else None,
                    "inchoate": parsed.inchoate,
                    "count": parsed.count,
                    "alternative": parsed.alternative,
                    "outcome": _charge_outcome(
                        row.outcome, parsed.text, parsed.left_on_file, parsed.alternative
                    ),
                }
                for position, parsed in enumerate(row.charges)
            }
            events[cd_id] = {
                (spec.kind, spec.position): {
                    "case_defendant_id": cd_id,
                    "kind": spec.kind,
                    "position": spec.position,
                    "date_edtf": spec.date.edtf,
                    "date_lower": spec.date.lower,
                    "date_upper": spec.date.upper,
                    "date_note": spec.date.note,
                    "detail": spec.detail,
                    "sentence_months": spec.sentence_months,
                }
                for spec in row.events
            }
        self._sync(charge, charges, lambda r: r["position"])
        self._sync(
            event,
            events,
            lambda r: (r["kind"], r["position"]),
            owned=lambda r: int(r["position"]) < FILE_POSITION,
        )

    def _write_sources(self, specs: dict[str, SourceSpec]) -> None:
        self.source_ids = {}
        wanted = list(specs)
        for chunk in _chunks(wanted):
            stmt = select(source.c.id, source.c.source_key).where(source.c.source_key.in_(chunk))
            for r in self.c.execute(stmt):
                self.source_ids[r.source_key] = int(r.id)
        new = [
            {
                "source_key": key,
                "url": specs[key].url,
                "title": specs[key].title,
                "publisher": specs[key].publisher,
                "kind": specs[key].kind,
            }
            for key in wanted
            if key not in self.source_ids
        ]
        for item, new_id in zip(new, self.w.insert_many(source, new), strict=True):
            self.source_ids[str(item["source_key"])] = new_id

    def load_sources(self, prosecutions: list[tuple[SeedRow, int]]) -> None:
        """Write the sources the rows cite (each once) and link each prosecution to them."""
        self._write_sources({s.key: s for row, _ in prosecutions for s in row.sources})
        # The row's quote belongs to its first source.
        wanted: dict[tuple[int, int], str] = {}
        for row, cd_id in prosecutions:
            for i, s in enumerate(row.sources):
                wanted[(self.source_ids[s.key], cd_id)] = row.source_quote if i == 0 else ""
        cd_ids = list({cd_id for _, cd_id in prosecutions if cd_id not in self.fresh})
        have: dict[tuple[int, int], int] = {}
        for chunk in _chunks(cd_ids):
            stmt = select(evidence).where(
                evidence.c.target_table == "case_defendant",
                evidence.c.field == "",
                evidence.c.target_id.in_(chunk),
            )
            for r in self.c.execute(stmt).mappings():
                key = (r["source_id"], r["target_id"])
                have[key] = r["id"]
                if key in wanted and r["quote"] != wanted[key]:
                    self.w.update(evidence, r["id"], {"quote": wanted[key]}, current=dict(r))
        new = [
            {
                "source_id": sid,
                "target_table": "case_defendant",
                "target_id": cd,
                "field": "",
                "quote": wanted[(sid, cd)],
            }
            for sid, cd in sorted(set(wanted) - set(have))
        ]
        self.w.insert_many(evidence, new)
        for key in set(have) - set(wanted):
            self.w.delete(evidence, have[key], reason="source no longer cited by the row")
