"""Seeded synthetic prosecutions with Hong Kong-like shapes, in the seed-CSV format.

Run from the repository root::

    .venv/bin/python bench/generate.py --defendants 100000 --csv /tmp/cases-100k.csv
    .venv/bin/python bench/generate.py --defendants 100000 --db /tmp/cases-100k.db

The same ``--seed`` and ``--defendants`` always give the same file. Shapes follow the bundled
seed data (``src/nsdocket/data/hk/hk_cases_seed.csv``), scaled up:

- laws and offences come from the packaged law book (`nsdocket.reference.load_lawbook`), each
  charge written as the seed data writes it (``incitement to secession (NSL art.21)``);
- most cases have one defendant, some a handful, a few are group cases of up to 47
  (the size of the 2021 primaries case); about one defendant in a hundred is charged again
  in a later case, and a few rows name a company, an organisation or a group of N persons;
- dates are full, month-only, year-only or approximate (``2020-11 (approx; ...)``);
- one to three charges per defendant, some with counts (``x3``), alternatives (``alt. ...``)
  and charges left on file;
- verdicts, pleas, sentences and appeals in realistic proportions, and a first-pass label.

With ``--db`` the file is imported with nsdocket's own importer (so the database holds exactly
what ``nsdocket import cases`` writes), then two coders' final codings of the
legitimate-expression question are added in bulk for most concluded prosecutions, disagreeing
on about one in seven, with an adjudication for half of the disagreements.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from nsdocket.ingest.seed_rows import SEED_COLUMNS
from nsdocket.reference import LawBook, Offence, load_lawbook


def _words(text: str) -> list[str]:
    return text.split()


_SURNAMES = _words(
    "Chan Wong Lee Cheung Lam Lau Ho Ng Leung Tsang Chow Yeung Tang Fung Kwok Yip Lai Tam "
    "Mak So Tse Lo Au Choi Kwan Sin Hui Siu Chu Cheng Law Poon Tong Wan Yuen Luk Mok Ko Shum "
    "Chiu"
)
_SYLLABLES = _words(
    "Ka Wai Chi Man Ho Kit Ming Yan Hei Tung Lok Yiu Sze Ying Fai Kwan Shing Hon Lam Yat "
    "Chun Tak Kin Wing Pui Siu Hoi Yee Suet Kei Long Hin Yu Ting Fung Nga Mei Wah Chung "
    "Kwong Lai Sum Tsz Yuk Chiu Kai Pak Hang Kam Sai Po Oi Cheuk Shun Kong Fat Yin Hung"
)
_ENGLISH = _words(
    "Tony Alice Jessica Joshua Agnes Jimmy Benny Gwyneth Owen Claudia Ventus Jeremy Joseph "
    "Lester Eddie Andy Carol Nathan Gordon Winnie"
)
_PLACES = (
    "Mong Kok", "Causeway Bay", "Sha Tin", "Yuen Long", "Tsuen Wan", "Admiralty", "Kwun Tong",
    "Tuen Mun", "Sham Shui Po", "Wan Chai", "Tai Po", "Sai Kung",
)  # fmt: skip
_TOPICS = (
    "slogans at a street booth", "posts on a Telegram channel", "a children's picture book",
    "an online fundraiser", "placards at a vigil", "a rally speech", "a news outlet's articles",
    "a primary election", "a bomb plot", "a union's newsletter", "stickers on bus seats",
    "an embroidered flag", "a podcast", "leaflets at a march",
)  # fmt: skip
_MAGISTRATES = ("West Kowloon", "Eastern", "Kwun Tong", "Fanling", "Sha Tin", "Kowloon City")
_COURTS = (
    ("CFI (3 designated judges, no jury)", "HCCC", "HKCFI"),
    ("CFI", "HCCC", "HKCFI"),
    ("District Court (designated NSL judge)", "DCCC", "HKDC"),
    ("District Court", "DCCC", "HKDC"),
    ("{m} Magistrates", "WKCC", "HKMagC"),
)
# The law column as the seed data writes it, with the laws a row's charges may come from.
_LAW_CELLS = (
    ("NSL", ("NSL",), 30),
    ("NSL + Crimes Ord.", ("NSL", "CAP200"), 22),
    ("Crimes Ord. Cap.200", ("CAP200",), 25),
    ("SNSO", ("SNSO",), 12),
    ("NSL / Crimes Ord.", ("NSL", "CAP200"), 5),
    ("Crimes Ord. Cap.200 + Public Order Ord.", ("CAP200", "CAP245"), 6),
)
# How the charge text names each law before the provision.
_REFERENCE = {"NSL": "NSL art.", "SNSO": "SNSO s.", "CAP200": "Cap.200 s.", "CAP245": "Cap.245 s."}
_ENTITY_KINDS = (("person", 985), ("company", 8), ("organisation", 4), ("group", 3))
_VERDICTS = (
    ("convicted", 46), ("convicted on plea", 22), ("PENDING (trial opened {d})", 14),
    ("ACQUITTED", 4), ("withdrawn (offered no evidence)", 3), ("not charged (arrest only)", 6),
    ("not retrieved", 5),
)  # fmt: skip
_SOURCE_HOSTS = (
    "https://www.scmp.com/news/hong-kong/law-and-crime/article/",
    "https://hongkongfp.com/",
    "https://legalref.judiciary.hk/lrs/common/ju/ju_frame.jsp?DIS=",
    "https://www.info.gov.hk/gia/general/",
    "https://www.hrw.org/news/",
    "https://www.thestandnews.example/",
    "https://www.rthk.hk/",
)
_YEARS = (2020, 2021, 2021, 2022, 2022, 2023, 2023, 2024, 2024, 2025)


def _sentence_words(months: int) -> str:
    years, rest = divmod(months, 12)
    if years == 0:
        return f"{months} months"
    return f"{years} years" + (f" {rest} months" if rest else "")


def _weighted(rng: random.Random, choices: tuple[tuple[object, int], ...]) -> object:
    total = sum(w for _, w in choices)
    pick = rng.random() * total
    for value, weight in choices:
        pick -= weight
        if pick < 0:
            return value
    return choices[-1][0]


class Generator:
    """Yields seed-CSV rows (dicts of the 20 columns), one per defendant in a case."""

    def __init__(self, defendants: int, seed: int, book: LawBook | None = None) -> None:
        self.defendants = defendants
        self.rng = random.Random(seed)
        self.book = book or load_lawbook()
        self.offences = {law.code: law.offences for law in self.book.laws}
        self.case_serial: dict[tuple[str, int], int] = {}
        self.name_serial = 0
        self.names_used: list[str] = []
        # A bijection of 0..capacity-1 so that consecutive names do not look consecutive.
        self.capacity = len(_SURNAMES) * len(_SYLLABLES) ** 2 * (len(_ENGLISH) + 1)
        self.stride = 1_000_003
        self.sources: list[str] = []

    def name(self, used_in_case: set[str]) -> str:
        """A person's name: new and unique, or (about 1 in 100) someone charged before."""
        rng = self.rng
        if self.names_used and rng.random() < 0.01:
            again = self.names_used[rng.randrange(len(self.names_used))]
            if again not in used_in_case:
                return again
        n = (self.name_serial * self.stride) % self.capacity
        self.name_serial += 1
        if self.name_serial > self.capacity:
            raise ValueError("more people than the name generator can tell apart")
        n, surname = divmod(n, len(_SURNAMES))
        n, first = divmod(n, len(_SYLLABLES))
        english, second = divmod(n, len(_SYLLABLES))
        given = f"{_SYLLABLES[first]}-{_SYLLABLES[second].lower()}"
        text = f"{_SURNAMES[surname]} {given}"
        if english:
            text = f"{_ENGLISH[english - 1]} {text}"
        self.names_used.append(text)
        return text

    def date(self, year: int, after: dt.date | None = None) -> tuple[str, dt.date]:
        """A date cell (full, month, year or approximate) and its earliest day."""
        rng = self.rng
        start = after or dt.date(year, 1, 1)
        day = start + dt.timedelta(days=rng.randint(0, 400))
        shape = rng.random()
        if shape < 0.72:
            return day.isoformat(), day
        if shape < 0.88:
            return f"{day:%Y-%m}", day.replace(day=1)
        if shape < 0.95:
            return f"{day:%Y-%m} (approx; conduct {day.year})", day.replace(day=1)
        return f"{day.year} (date not retrieved)", day.replace(month=1, day=1)

    def charge(self, offence: Offence, rng: random.Random) -> str:
        """One charge as the seed data writes it."""
        words = offence.match[0] if offence.match else offence.name
        lead = rng.choice(("", "", "", "conspiracy to commit "))
        text = f"{lead}{words} ({_REFERENCE[offence.law_code]}{offence.provision})"
        if rng.random() < 0.08:
            text += f" x{rng.randint(2, 7)}"
        return text

    def case_size(self) -> int:
        """Defendants in a case: mostly one, some a handful, a few large groups up to 47."""
        r = self.rng.random()
        if r < 0.62:
            return 1
        if r < 0.9:
            return self.rng.randint(2, 5)
        if r < 0.985:
            return self.rng.randint(6, 16)
        return self.rng.randint(17, 47)

    def rows(self) -> Iterator[dict[str, str]]:
        """Every row, in order; exactly ``defendants`` rows."""
        row_no = 0
        while row_no < self.defendants:
            size = min(self.case_size(), self.defendants - row_no)
            yield from self.case(size, row_no)
            row_no += size

    def case(self, size: int, first_row: int) -> list[dict[str, str]]:
        """The rows of one case: shared title, court, laws and dates; per-defendant outcomes."""
        rng = self.rng
        year = rng.choice(_YEARS)
        court, prefix, neutral = rng.choice(_COURTS)
        court = court.format(m=rng.choice(_MAGISTRATES))
        key = (prefix, year)
        self.case_serial[key] = serial = self.case_serial.get(key, 0) + 1
        number = f"{prefix} {serial}/{year}"
        law_cell, law_codes, _ = _weighted(rng, tuple((c, c[2]) for c in _LAW_CELLS))  # type: ignore[misc]
        offences = [o for code in law_codes for o in self.offences[code]]
        case_offences = rng.sample(offences, k=min(len(offences), rng.choice((1, 1, 2, 3))))
        arrest_cell, arrest_day = self.date(year)
        used: set[str] = set()
        lead_name = self.name(used)
        topic = rng.choice(_TOPICS)
        title = (
            f"HKSAR v {lead_name} ({number})"
            if size == 1
            else f"HKSAR v {lead_name} & {size - 1} ors ({topic}, {number})"
        )
        case_verdict = str(_weighted(rng, _VERDICTS))
        verdict_cell, verdict_day = self.date(year, arrest_day + dt.timedelta(days=90))
        sentence_day = verdict_day + dt.timedelta(days=rng.randint(7, 60))
        sources = self.case_sources()
        rows = []
        for i in range(size):
            name = lead_name if i == 0 else self.name(used)
            used.add(name)
            rows.append(
                self.row(
                    first_row + i + 1,
                    title,
                    name,
                    court,
                    law_cell,
                    case_offences,
                    arrest_cell,
                    case_verdict,
                    verdict_cell,
                    sentence_day,
                    sources,
                    topic,
                    neutral,
                )
            )
        return rows

    def case_sources(self) -> list[str]:
        """Two or three sources: new URLs mostly, sometimes one cited by an earlier case."""
        rng = self.rng
        out = []
        for _ in range(rng.randint(1, 3)):
            if self.sources and rng.random() < 0.25:
                out.append(rng.choice(self.sources))
            else:
                url = f"{rng.choice(_SOURCE_HOSTS)}{len(self.sources) + 1000}"
                self.sources.append(url)
                out.append(url)
        return list(dict.fromkeys(out))

    def row(
        self,
        row_no: int,
        title: str,
        name: str,
        court: str,
        law_cell: str,
        case_offences: list[Offence],
        arrest_cell: str,
        case_verdict: str,
        verdict_cell: str,
        sentence_day: dt.date,
        sources: list[str],
        topic: str,
        neutral: str,
    ) -> dict[str, str]:
        rng = self.rng
        kind = str(_weighted(rng, _ENTITY_KINDS))
        defendant, entity = name, "person"
        if kind in ("company", "organisation"):
            defendant = f"{name.split()[-1].split('-')[0]} {rng.choice(('Media', 'Publishing', 'Union', 'Alliance'))} {'Limited' if kind == 'company' else 'Association'}"  # noqa: E501
            entity = kind
        elif kind == "group":
            others = rng.randint(2, 12)
            defendant = f"{name} + {others} others ({topic})"
            entity = f"group ({others + 1} persons)"
        elif rng.random() < 0.004:
            defendant = f"{name}, {rng.randint(15, 17)}"  # a minor: withheld in public views
        elif rng.random() < 0.05:
            defendant = f"{name} ('{rng.choice(_ENGLISH)}')"
        charges = [self.charge(o, rng) for o in case_offences]
        if rng.random() < 0.1:
            charges.append(f"alt. {rng.choice(('criminal damage', 'unlawful assembly'))}")
        if len(charges) > 1 and rng.random() < 0.05:
            charges[-1] = f"({charges[-1]} left on file)"
        verdict = case_verdict.format(d=verdict_cell.split()[0])
        if verdict.startswith("convicted") and rng.random() < 0.05:
            verdict = "ACQUITTED"
        convicted = verdict.startswith("convicted")
        concluded = convicted or verdict.startswith("ACQUITTED")
        months = rng.choice((3, 6, 9, 12, 15, 20, 28, 40, 43, 50, 69, 80, 108, 120))
        plea = (
            "guilty"
            if verdict == "convicted on plea"
            else ("" if not concluded else rng.choice(("not guilty", "not guilty", "guilty")))
        )
        appeal = ""
        if convicted and rng.random() < 0.12:
            year = sentence_day.year + 1
            appeal = f"CA dismissed [{year}] HKCA {rng.randint(1, 1500)} ({year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)})"  # noqa: E501
        label = self.label(verdict, topic)
        return {
            "row_id": f"G{row_no:07d}",
            "case_group": title,
            "defendant": defendant,
            "entity_type": entity,
            "arrest_date": arrest_cell,
            "law": law_cell,
            "charge": "; ".join(charges),
            "court": court,
            "plea": plea,
            "verdict": verdict,
            "verdict_date": verdict_cell if concluded else "",
            "sentence": _sentence_words(months) if convicted else "",
            "sentence_months": str(months) if convicted else "",
            "sentence_date": sentence_day.isoformat() if convicted else "",
            "appeal_outcome": appeal,
            "conduct_summary": f"{topic.capitalize()} in {rng.choice(_PLACES)}",
            "violence_alleged": "yes (planned)" if "bomb" in topic else "no",
            "first_pass_label": label,
            "key_sources": " ; ".join(sources),
            "notes": f"[{sentence_day.year}] {neutral} {rng.randint(1, 3000)} (verdict)"
            if concluded and rng.random() < 0.6
            else "",
        }

    def label(self, verdict: str, topic: str) -> str:
        if verdict.startswith("PENDING"):
            return "pending"
        if verdict.startswith("ACQUITTED"):
            return "acquitted"
        if verdict.startswith("not charged"):
            return "arrest_only"
        if not verdict.startswith("convicted"):
            return ""
        if "bomb" in topic:
            return "not_expression (planned bombing)"
        if self.rng.random() < 0.08:
            return "legitimate_expression (contested)"
        return self.rng.choice(
            ("legitimate_expression", "legitimate_expression (political participation)")
        )


EVENT_COLUMNS = ("row_id", "event", "date", "detail", "source_url", "source_quote")


def events_for(row: dict[str, str], rng: random.Random) -> list[dict[str, str]]:
    """Dated steps of a charged prosecution, as an events file gives them: the charge, a bail
    decision, custody from the charge when bail is refused, and a release on bail for some."""
    verdict = row["verdict"].casefold()
    if verdict.startswith(("not charged", "not retrieved")) or not row["arrest_date"][:4].isdigit():
        return []
    arrest = (
        dt.date.fromisoformat(row["arrest_date"][:10])
        if len(row["arrest_date"]) >= 10
        and row["arrest_date"][4] == "-"
        and row["arrest_date"][7:8] == "-"
        else dt.date(int(row["arrest_date"][:4]), 1, 1)
    )
    charged = arrest + dt.timedelta(days=rng.randint(1, 60))
    source = row["key_sources"].split(" ; ")[0]

    def step(kind: str, day: dt.date, detail: str = "") -> dict[str, str]:
        return {
            "row_id": row["row_id"],
            "event": kind,
            "date": day.isoformat(),
            "detail": detail,
            "source_url": source,
            "source_quote": kind.replace("_", " "),
        }

    out = [step("charge", charged)]
    if rng.random() < 0.6:
        out += [step("bail_denied", charged), step("remand", charged)]
        if rng.random() < 0.3:
            later = charged + dt.timedelta(days=rng.randint(30, 400))
            out += [step("bail_granted", later, "High Court"), step("release", later, "on bail")]
    else:
        out.append(step("bail_granted", charged))
    return out


def write_csv(path: Path, defendants: int, seed: int = 2020) -> int:
    """Write the seed CSV for ``defendants`` rows, and beside it (``*.events.csv``) their
    events; return the number of rows written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    rng = random.Random(seed + 2)
    with (
        path.open("w", newline="", encoding="utf-8") as handle,
        events_path(path).open("w", newline="", encoding="utf-8") as events,
    ):
        writer = csv.DictWriter(handle, fieldnames=SEED_COLUMNS)
        writer.writeheader()
        steps = csv.DictWriter(events, fieldnames=EVENT_COLUMNS)
        steps.writeheader()
        for row in Generator(defendants, seed).rows():
            writer.writerow(row)
            steps.writerows(events_for(row, rng))
            n += 1
    return n


def events_path(cases: Path) -> Path:
    """The events file written beside a generated cases file."""
    return cases.with_name(cases.stem + ".events.csv")


def add_two_coders(url: str, seed: int = 2020, share: float = 0.7) -> int:
    """Two coders' final codings for ``share`` of concluded prosecutions; return how many.

    Coder ``coder-a`` follows the first-pass label; ``coder-b`` disagrees one time in seven
    (``unclear`` or the opposite answer); half of the disagreements get an adjudication.
    Written in bulk without the audit log: this is a benchmark fixture, not an edit.
    """
    from sqlalchemy import insert, select

    from nsdocket.coding.codebook import bundled_codebook
    from nsdocket.db.engine import open_database
    from nsdocket.db.facts import facts_meta
    from nsdocket.db.schema import adjudication, case_defendant, codebook, coding, coding_answer

    rng = random.Random(seed + 1)
    cb = bundled_codebook()
    engine = open_database(url)
    at = dt.datetime(2026, 1, 1)
    done = 0
    with engine.begin() as connection:
        codebook_id = connection.execute(
            select(codebook.c.id).where(codebook.c.key == cb.id, codebook.c.version == cb.version)
        ).scalar_one()
        units = connection.execute(
            select(case_defendant.c.id, case_defendant.c.first_pass_label).where(
                case_defendant.c.outcome.in_(("convicted", "acquitted"))
            )
        ).all()
        next_id = connection.execute(select(coding.c.id).order_by(coding.c.id.desc())).first()
        coding_id = next_id[0] if next_id else 0
        codings, answers, adjudications = [], [], []
        for cd_id, label in units:
            if rng.random() >= share:
                continue
            first = "no" if str(label).startswith("not_expression") else "yes"
            second = first
            if rng.random() < 1 / 7:
                second = rng.choice(("unclear", "no" if first == "yes" else "yes"))
            for coder, value in (("coder-a", first), ("coder-b", second)):
                coding_id += 1
                codings.append(
                    {"id": coding_id, "case_defendant_id": cd_id, "codebook_id": codebook_id,
                     "coder": coder, "status": "final", "note": "", "created_at": at,
                     "updated_at": at, "finalised_at": at, "version": 1}
                )  # fmt: skip
                answers.append(
                    {"coding_id": coding_id, "question": "legitimate_expression",
                     "charge_id": None, "value": value}
                )  # fmt: skip
            if first != second and rng.random() < 0.5:
                adjudications.append(
                    {"case_defendant_id": cd_id, "codebook_id": codebook_id,
                     "question": "legitimate_expression", "answer": first,
                     "reason": "the record supports coder-a", "reviewer": "reviewer",
                     "created_at": at, "version": 1}
                )  # fmt: skip
            done += 1
        for table, rows in (
            (coding, codings),
            (coding_answer, answers),
            (adjudication, adjudications),
        ):
            for start in range(0, len(rows), 20_000):
                connection.execute(insert(table), rows[start : start + 20_000])
        # Written around the audited writer: the facts figures read are worked out again in
        # full, as the first figure after an upgrade would.
        connection.execute(facts_meta.delete())
    engine.dispose()
    return done


def build_database(
    db: Path,
    defendants: int,
    seed: int = 2020,
    csv_path: Path | None = None,
    *,
    duplicate_check: bool = True,
) -> None:
    """A database with ``defendants`` generated rows imported and two coders' codings.

    ``duplicate_check=False`` skips the importer's likely-duplicate-cases report (it writes
    nothing; at 1M rows it compares hundreds of millions of title pairs), so the database is
    the same either way.
    """
    from unittest import mock

    from nsdocket.db.engine import open_database
    from nsdocket.ingest import load_cases

    csv_path = csv_path or db.with_suffix(".csv")
    if not csv_path.exists() or not events_path(csv_path).exists():
        write_csv(csv_path, defendants, seed)
    if db.exists():
        db.unlink()
    url = f"sqlite:///{db}"
    engine = open_database(url)
    if duplicate_check:
        load_cases.import_cases(engine, csv_path, actor="bench")
    else:
        with mock.patch.object(load_cases, "find_duplicate_cases", lambda *_: []):
            load_cases.import_cases(engine, csv_path, actor="bench")
    from nsdocket.ingest.load_events import import_events

    import_events(engine, events_path(csv_path), actor="bench")
    engine.dispose()
    add_two_coders(url, seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--defendants", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--csv", type=Path, help="write the seed CSV here")
    parser.add_argument("--db", type=Path, help="build a SQLite database here (imports the CSV)")
    args = parser.parse_args(argv)
    if not args.csv and not args.db:
        parser.error("give --csv, --db or both")
    start = time.perf_counter()
    if args.csv:
        n = write_csv(args.csv, args.defendants, args.seed)
        print(f"{args.csv}: {n} rows in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    if args.db:
        build_database(args.db, args.defendants, args.seed, args.csv)
        print(f"{args.db}: built in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
