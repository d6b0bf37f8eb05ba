"""Reference data: jurisdictions, laws and offences, loaded from the packaged YAML.

`LawBook` is the in-memory view the importer uses to resolve what the seed data writes
(``Crimes Ord. Cap.200``, ``NSL art.21``, ``money laundering``) to rows of `law` and `offence`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import Connection, select

from nsdocket.db.schema import jurisdiction, law, offence
from nsdocket.db.writer import Writer

OFFENCE_CATEGORIES = (
    "expression",
    "association",
    "election",
    "violence",
    "terrorism",
    "collusion",
    "financial",
    "other",
)


@dataclass(frozen=True)
class Offence:
    """One offence: ``NSL:21`` incitement to secession (expression)."""

    law_code: str
    provision: str
    name: str
    category: str
    national_security: bool
    match: tuple[str, ...]

    @property
    def key(self) -> str:
        """A stable key such as ``NSL:21``."""
        return f"{self.law_code}:{self.provision}"


@dataclass(frozen=True)
class Law:
    """One law with its offences."""

    code: str
    name: str
    short_name: str
    in_force: str | None
    national_security: bool
    aliases: tuple[str, ...]
    offences: tuple[Offence, ...] = field(default_factory=tuple)
    other_provisions: tuple[str, ...] = ()


def _alias_key(text: str) -> str:
    return re.sub(r"\s+", " ", text.casefold().strip())


@dataclass(frozen=True)
class LawBook:
    """The laws of one jurisdiction, with look-ups by alias, provision and charge wording."""

    jurisdiction_code: str
    jurisdiction_name: str
    laws: tuple[Law, ...]

    def law(self, code: str) -> Law:
        """The law with this code (``NSL``)."""
        for item in self.laws:
            if item.code == code:
                return item
        raise KeyError(f"unknown law code '{code}'")

    def law_by_alias(self, text: str) -> Law | None:
        """The law a name or abbreviation refers to (``Crimes Ord. Cap.200`` → CAP200)."""
        key = _alias_key(text)
        for item in self.laws:
            if key == item.code.casefold() or key in item.aliases:
                return item
        # "Crimes Ord. Cap.200": any alias that is a whole-word part of the text, longest first.
        candidates = [
            (len(alias), item)
            for item in self.laws
            for alias in item.aliases
            if re.search(rf"(?<![\w.]){re.escape(alias)}(?![\w])", key)
        ]
        return max(candidates, key=lambda pair: pair[0])[1] if candidates else None

    def offence(self, law_code: str, provision: str) -> Offence | None:
        """The offence at a provision; ``22(3)`` resolves to ``22``."""
        base = re.match(r"\d+[A-Z]?", provision.upper())
        wanted = base.group(0) if base else provision
        for item in self.law(law_code).offences:
            if item.provision.upper() == wanted:
                return item
        return None

    def provision_known(self, law_code: str, provision: str) -> bool:
        """True when the provision is an offence or a known non-offence provision (``159A``)."""
        base = re.match(r"\d+[A-Z]?", provision.upper())
        wanted = base.group(0) if base else provision.upper()
        known = self.law(law_code)
        return self.offence(law_code, provision) is not None or wanted in known.other_provisions

    def offence_by_key(self, key: str) -> Offence | None:
        """The offence for a key such as ``NSL:21``."""
        code, _, provision = key.partition(":")
        try:
            return self.offence(code, provision)
        except KeyError:
            return None

    def offence_by_words(self, text: str, law_codes: tuple[str, ...]) -> Offence | None:
        """The offence whose wording appears in ``text``, among the given laws.

        The longest matching phrase wins, so ``incitement to secession`` beats ``secession``.
        """
        lowered = text.casefold()
        best: tuple[int, Offence] | None = None
        for code in law_codes:
            for item in self.law(code).offences:
                for phrase in item.match:
                    if phrase in lowered and (best is None or len(phrase) > best[0]):
                        best = (len(phrase), item)
        return best[1] if best else None


def _offence_from(code: str, law_ns: bool, raw: dict[str, Any]) -> Offence:
    category = raw["category"]
    if category not in OFFENCE_CATEGORIES:
        raise ValueError(f"offence {code}:{raw['provision']}: unknown category '{category}'")
    return Offence(
        law_code=code,
        provision=str(raw["provision"]),
        name=raw["name"],
        category=category,
        national_security=bool(raw.get("national_security", law_ns)),
        match=tuple(raw.get("match", ())),
    )


def load_lawbook(jurisdiction_code: str = "hk") -> LawBook:
    """Read the packaged reference YAML for a jurisdiction."""
    text = (resources.files("nsdocket.data") / "reference" / f"{jurisdiction_code}.yaml").read_text(
        encoding="utf-8"
    )
    raw = yaml.safe_load(text)
    laws = []
    for item in raw["laws"]:
        code = item["code"]
        national = bool(item.get("national_security", False))
        laws.append(
            Law(
                code=code,
                name=item["name"],
                short_name=item["short_name"],
                in_force=item.get("in_force"),
                national_security=national,
                aliases=tuple(_alias_key(a) for a in item.get("aliases", ())),
                offences=tuple(_offence_from(code, national, o) for o in item["offences"]),
                other_provisions=tuple(str(p).upper() for p in item.get("other_provisions", {})),
            )
        )
    return LawBook(raw["jurisdiction"]["id"], raw["jurisdiction"]["name"], tuple(laws))


@dataclass(frozen=True)
class ReferenceIds:
    """Database ids of the reference rows, for the importer."""

    jurisdiction_id: int
    law_ids: dict[str, int]
    offence_ids: dict[str, int]


def ensure_reference(connection: Connection, writer: Writer, book: LawBook) -> ReferenceIds:
    """Insert or update the reference rows for ``book``; return their ids."""
    existing = connection.execute(
        select(jurisdiction).where(jurisdiction.c.code == book.jurisdiction_code)
    ).first()
    if existing is None:
        jid = writer.insert(
            jurisdiction, {"code": book.jurisdiction_code, "name": book.jurisdiction_name}
        )
    else:
        jid = existing.id
    law_ids: dict[str, int] = {}
    offence_ids: dict[str, int] = {}
    for item in book.laws:
        values = {
            "jurisdiction_id": jid,
            "code": item.code,
            "name": item.name,
            "short_name": item.short_name,
            "in_force": item.in_force,
            "national_security": item.national_security,
        }
        row = connection.execute(select(law).where(law.c.code == item.code)).mappings().first()
        if row is None:
            law_ids[item.code] = writer.insert(law, values)
        else:
            writer.update(law, row["id"], values, current=dict(row))
            law_ids[item.code] = row["id"]
        for off in item.offences:
            off_values = {
                "law_id": law_ids[item.code],
                "provision": off.provision,
                "name": off.name,
                "category": off.category,
                "national_security": off.national_security,
            }
            found = (
                connection.execute(
                    select(offence).where(
                        offence.c.law_id == law_ids[item.code],
                        offence.c.provision == off.provision,
                    )
                )
                .mappings()
                .first()
            )
            if found is None:
                offence_ids[off.key] = writer.insert(offence, off_values)
            else:
                writer.update(offence, found["id"], off_values, current=dict(found))
                offence_ids[off.key] = found["id"]
    return ReferenceIds(jid, law_ids, offence_ids)
