"""Writing seed rows table by table, each record found again by its natural key.

A case by its case number or title (or an alias left by a merge), a defendant by kind and name,
a prosecution by the seed row id and part, a charge or event by its position, a source by its
key. Existing records are updated, new ones inserted in bulk, and stale children deleted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Table, select

from nsdocket.case_status import case_status
from nsdocket.db.schema import case, case_defendant, charge, defendant, event, evidence, source
from nsdocket.db.writer import Row, Writer
from nsdocket.ingest.errors import ImportFailed, ImportProblem
from nsdocket.ingest.seed_rows import DefendantSpec, SeedRow, SourceSpec
from nsdocket.names import ADULT_AGE, name_key
from nsdocket.reference import ReferenceIds

#: Events from an events file are stored from this position up (see `load_events`).
FILE_POSITION = 100


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


class _Loader:
    def __init__(
        self, connection: Connection, writer: Writer, ref: ReferenceIds, file: str = ""
    ) -> None:
        self.file = file
        self.c = connection
        self.w = writer
        self.ref = ref
        self.cases: dict[str, Row] = {}
        for row in connection.execute(select(case)).mappings():
            self.cases[row["case_key"]] = dict(row)
            for alias in row["key_aliases"] or []:
                self.cases[alias] = dict(row)
        self.defendants = {
            (r["kind"], r["name_key"]): dict(r)
            for r in connection.execute(select(defendant)).mappings()
        }
        self.cds = {
            (r["seed_row_id"], r["seed_part"]): dict(r)
            for r in connection.execute(select(case_defendant)).mappings()
            if r["seed_row_id"] is not None
        }
        self.sources = {
            r["source_key"]: dict(r) for r in connection.execute(select(source)).mappings()
        }

    def _children(self, table: Table, cd_ids: list[int]) -> dict[int, list[Row]]:
        out: dict[int, list[Row]] = {}
        for chunk_start in range(0, len(cd_ids), 500):
            chunk = cd_ids[chunk_start : chunk_start + 500]
            stmt = select(table).where(table.c.case_defendant_id.in_(chunk))
            for r in self.c.execute(stmt).mappings():
                out.setdefault(r["case_defendant_id"], []).append(dict(r))
        return out

    def _upsert(self, table: Table, existing: Row | None, values: Row, pending: list[Row]) -> None:
        if existing is None:
            pending.append(values)
        else:
            self.w.update(table, existing["id"], values, current=existing)

    def load_cases(self, rows: list[SeedRow], warnings: list[str]) -> dict[str, int]:
        # Rows are grouped by the case they resolve to: after two cases were merged
        # (`nsdocket cases merge`), the rows of both keys fill the one case kept.
        by_key: dict[str, list[SeedRow]] = {}
        for row in rows:
            known = self.cases.get(row.case_key)
            by_key.setdefault(known["case_key"] if known else row.case_key, []).append(row)
        new: list[Row] = []
        for key, members in by_key.items():
            courts = Counter(r.court for r in members if r.court)
            if len(courts) > 1:
                warnings.append(f"case '{key}': rows name different courts: {', '.join(courts)}")
            existing = self.cases.get(key)
            values = {
                "jurisdiction_id": self.ref.jurisdiction_id,
                "case_key": existing["case_key"] if existing else key,
                "key_aliases": existing["key_aliases"] if existing else [],
                "title": members[0].case_title if existing is None else existing["title"],
                "case_numbers": "; ".join(
                    dict.fromkeys(
                        n
                        for n in [
                            *(existing["case_numbers"].split("; ") if existing else []),
                            *(n for r in members for n in r.case_numbers),
                        ]
                        if n
                    )
                ),
                "citations": "; ".join(dict.fromkeys(c for r in members for c in r.citations)),
                "court": courts.most_common(1)[0][0] if courts else "",
                "status": case_status(r.outcome for r in members),
            }
            self._upsert(case, existing, values, new)
        for values, new_id in zip(new, self.w.insert_many(case, new), strict=True):
            self.cases[values["case_key"]] = {**values, "id": new_id}
        return {row.case_key: self.cases[row.case_key]["id"] for row in rows}

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
        new: list[Row] = []
        seen: set[tuple[str, str]] = set()
        for row in rows:
            for spec in row.defendants:
                values = self._defendant_values(row, spec)
                key = (values["kind"], values["name_key"])
                if key in seen:
                    continue
                seen.add(key)
                existing = self.defendants.get(key)
                if existing is not None:
                    # A person marked sensitive by hand stays sensitive.
                    values["sensitive"] = bool(values["sensitive"] or existing["sensitive"])
                self._upsert(defendant, existing, values, new)
        for values, new_id in zip(new, self.w.insert_many(defendant, new), strict=True):
            self.defendants[(values["kind"], values["name_key"])] = {**values, "id": new_id}
        return {key: self.defendants[key]["id"] for key in seen}

    def load_prosecutions(
        self, rows: list[SeedRow], case_ids: dict[str, int], defendant_ids: dict[Any, int]
    ) -> list[tuple[SeedRow, int]]:
        new: list[Row] = []
        order: list[tuple[SeedRow, tuple[str, int]]] = []
        held = {(r["case_id"], r["defendant_id"]): key for key, r in self.cds.items()}
        problems: list[ImportProblem] = []
        for row in rows:
            for spec in row.defendants:
                pair = (
                    case_ids[row.case_key],
                    defendant_ids[(spec.kind, name_key(spec.name.name))],
                )
                other = held.get(pair)
                if other is not None and other != (row.row_id, spec.part):
                    problems.append(
                        ImportProblem(
                            self.file,
                            row.line,
                            "row_id",
                            row.row_id,
                            f"the row id already used for {spec.name.original} in this case "
                            f"({other[0]}); one row per defendant in a case",
                        )
                    )
                    continue
                values = {
                    "case_id": pair[0],
                    "defendant_id": pair[1],
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
                self._upsert(case_defendant, self.cds.get((row.row_id, spec.part)), values, new)
                order.append((row, (row.row_id, spec.part)))
        if problems:
            # Raised inside the import's transaction: nothing written so far is kept.
            raise ImportFailed(problems)
        for values, new_id in zip(new, self.w.insert_many(case_defendant, new), strict=True):
            self.cds[(values["seed_row_id"], values["seed_part"])] = {**values, "id": new_id}
        return [(row, self.cds[key]["id"]) for row, key in order]

    def _sync(
        self,
        table: Table,
        wanted: dict[int, dict[Any, Row]],
        slot: Callable[[Row], Any],
        owned: Callable[[Row], bool] = lambda row: True,
    ) -> None:
        """Make each prosecution's rows of ``table`` those wanted; rows not ``owned`` by the
        cases file (events from an events file) are left alone."""
        existing = self._children(table, list(wanted))
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

    def _source_id(self, spec: SourceSpec, pending: dict[str, Row]) -> None:
        if spec.key not in self.sources and spec.key not in pending:
            pending[spec.key] = {
                "source_key": spec.key,
                "url": spec.url,
                "title": spec.title,
                "publisher": spec.publisher,
                "kind": spec.kind,
            }

    def load_sources(self, prosecutions: list[tuple[SeedRow, int]]) -> None:
        pending: dict[str, Row] = {}
        for row, _ in prosecutions:
            for spec in row.sources:
                self._source_id(spec, pending)
        values = list(pending.values())
        for item, new_id in zip(values, self.w.insert_many(source, values), strict=True):
            self.sources[item["source_key"]] = {**item, "id": new_id}
        # The row's quote belongs to its first source.
        wanted: dict[tuple[int, int], str] = {}
        for row, cd_id in prosecutions:
            for i, s in enumerate(row.sources):
                wanted[(self.sources[s.key]["id"], cd_id)] = row.source_quote if i == 0 else ""
        cd_ids = list({cd_id for _, cd_id in prosecutions})
        have: dict[tuple[int, int], int] = {}
        for start in range(0, len(cd_ids), 500):
            stmt = select(evidence).where(
                evidence.c.target_table == "case_defendant",
                evidence.c.field == "",
                evidence.c.target_id.in_(cd_ids[start : start + 500]),
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
