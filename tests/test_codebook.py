"""Tests for the codebook loader, the bundled hk-2025 codebook and answer validation."""

from __future__ import annotations

import csv
import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from nsdocket.coding import (
    Codebook,
    CodebookError,
    bundled_codebook,
    label_to_answer,
    load_codebook,
)

DATA = Path(__file__).parent / "data" / "codebooks"
SEED = Path(__file__).parents[1] / "src" / "nsdocket" / "data" / "hk" / "hk_cases.csv"
JP6 = (
    "intent_to_incite_imminent_violence",
    "likely_to_incite_violence",
    "direct_immediate_connection",
)
RABAT = (
    "rabat_context",
    "rabat_speaker",
    "rabat_intent",
    "rabat_content_form",
    "rabat_extent",
    "rabat_likelihood_imminence",
)


def bundled_text() -> str:
    path = resources.files("nsdocket.coding").joinpath("codebooks", "hk-2025.yaml")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def cb() -> Codebook:
    return bundled_codebook()


# --- the bundled codebook ---------------------------------------------------------------


def test_bundled_header(cb: Codebook) -> None:
    assert (cb.id, cb.version, cb.jurisdiction) == ("hk-2025", "1.0.0", "hk")
    assert {"iccpr_19", "johannesburg_6", "johannesburg_7", "rabat", "gc34", "gc37"} <= {
        i.id for i in cb.instruments
    }


def test_bundled_questions_and_answers(cb: Codebook) -> None:
    conduct = [
        "speech",
        "publication",
        "journalism",
        "assembly",
        "association",
        "election_activity",
        "advocacy_abroad",
        "violence",
        "planned_violence",
        "property_damage",
        "financial",
        "other",
    ]
    for qid, level in (("conduct_kinds", "defendant"), ("charge_conduct_kinds", "charge")):
        q = cb.question(qid)
        assert (q.kind, q.level, list(q.allowed_values())) == ("multi", level, conduct)
    assert cb.question("violence").allowed_values() == (
        "none",
        "alleged",
        "found_by_court",
        "planned",
    )
    assert cb.question("incitement_claimed").allowed_values() == ("yes", "no")
    assert cb.question("protected_under").allowed_values() == (
        "iccpr_19",
        "iccpr_21",
        "iccpr_22",
        "iccpr_25",
        "johannesburg_7",
        "none",
    )
    for qid in JP6:
        assert cb.question(qid).allowed_values() == ("yes", "no", "unclear")
    for qid in RABAT:
        assert cb.question(qid).allowed_values() == ("meets_threshold", "does_not_meet", "unclear")
    for qid in (*JP6, *RABAT):
        show_if = cb.question(qid).show_if
        assert show_if is not None
        assert (show_if.question, show_if.in_) == ("incitement_claimed", ("yes",))
    assert cb.question("court_interpretation").kind == "text"
    assert not cb.question("court_interpretation").required
    assert cb.question("notes").kind == "text"


def test_legitimate_expression_is_the_conclusion(cb: Codebook) -> None:
    q = cb.question("legitimate_expression")
    assert (q.kind, q.level, q.required, q.evidence_required) == ("single", "defendant", True, True)
    assert q.allowed_values() == ("yes", "no", "unclear")
    for phrase in ("Johannesburg Principle 6", "Planned", "violent charge", "ICCPR"):
        assert phrase in q.help
    per_charge = cb.question("charge_legitimate_expression")
    assert (per_charge.level, per_charge.allowed_values()) == ("charge", q.allowed_values())
    # It is the last defendant-level question apart from the free-text notes.
    defendant = [x.id for x in cb.questions_at("defendant") if x.kind != "text"]
    assert defendant[-1] == "legitimate_expression"


def test_unknown_question_raises(cb: Codebook) -> None:
    with pytest.raises(KeyError, match="no_such"):
        cb.question("no_such")


def test_bundled_is_cached_and_unknown_name_fails() -> None:
    assert bundled_codebook() is bundled_codebook("hk-2025")
    with pytest.raises(CodebookError, match="no bundled codebook named 'xx-1999'"):
        bundled_codebook("xx-1999")
    with pytest.raises(CodebookError, match="invalid bundled codebook name"):
        bundled_codebook("../hk-2025")


# --- content hash -----------------------------------------------------------------------


def test_content_hash_is_sha256_of_canonical_json(cb: Codebook) -> None:
    data = cb.model_dump(mode="json", by_alias=True)
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert cb.content_hash == hashlib.sha256(canonical.encode()).hexdigest()


def test_content_hash_ignores_yaml_layout(cb: Codebook) -> None:
    data = yaml.safe_load(bundled_text())
    reformatted = yaml.safe_dump(data, sort_keys=True, default_flow_style=True, width=60)
    assert "\n" in reformatted
    assert load_codebook(reformatted).content_hash == cb.content_hash


def test_content_hash_changes_with_content(cb: Codebook) -> None:
    data = yaml.safe_load(bundled_text())
    data["questions"][0]["help"] += " Changed."
    assert load_codebook(yaml.safe_dump(data)).content_hash != cb.content_hash


# --- loader errors ----------------------------------------------------------------------


def test_minimal_loads_from_path_and_str_path() -> None:
    by_path = load_codebook(DATA / "minimal.yaml")
    by_str = load_codebook(str(DATA / "minimal.yaml"))
    assert by_path == by_str
    assert by_path.question("violence").required is False  # default filled in


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "duplicate_answer",
            "duplicate_answer.yaml: question 'violence': answer value 'none' appears twice",
        ),
        ("duplicate_question", "duplicate_question.yaml: question id 'notes' appears twice"),
        (
            "show_if_later",
            "show_if_later.yaml: question 'rabat_intent': show_if refers to 'incitement_claimed', "
            "which comes later",
        ),
        (
            "show_if_bad_value",
            "show_if_bad_value.yaml: question 'rabat_intent': show_if: 'maybe' is not an answer "
            "of 'incitement_claimed'",
        ),
        (
            "show_if_bad_value",
            "show_if_bad_value.yaml: question 'rabat_extent': show_if refers to unknown question "
            "'no_such_question'",
        ),
        ("kinds", "kinds.yaml: question 'violence': a single question needs answers"),
        ("kinds", "kinds.yaml: question 'notes': a text question must not list answers"),
        ("bad_version", "bad_version.yaml: version '1.0' is not a semantic version"),
        ("unquoted_yes", "unquoted_yes.yaml: question 'incitement_claimed': answers[0].value:"),
        ("unquoted_yes", "quote them"),
        ("duplicate_key", "duplicate key 'help'"),
        ("missing_field", "missing_field.yaml: question 'violence': text: Field required"),
        ("missing_field", "missing_field.yaml: question 'violence': level: Input should be"),
        ("bad_labels", "bad_labels.yaml: labels: rule 0 ('contested'): 'maybe' is not an answer"),
    ],
)
def test_broken_codebooks_name_file_and_fault(name: str, expected: str) -> None:
    with pytest.raises(CodebookError) as info:
        load_codebook(DATA / f"{name}.yaml")
    assert expected in str(info.value)
    assert info.value.source == f"{name}.yaml"


def test_all_problems_are_reported_at_once() -> None:
    with pytest.raises(CodebookError) as info:
        load_codebook(DATA / "show_if_bad_value.yaml")
    assert len(info.value.problems) == 2


def test_missing_file_and_bad_yaml() -> None:
    with pytest.raises(CodebookError, match=r"nope\.yaml: cannot read codebook"):
        load_codebook(DATA / "nope.yaml")
    with pytest.raises(CodebookError, match="<text>: invalid YAML"):
        load_codebook("id: [unclosed\nversion: 1\n")
    with pytest.raises(CodebookError, match=r"x\.yaml: the top level must be a mapping"):
        load_codebook("- a\n- b\n", source="x.yaml")


def test_show_if_across_levels_and_unknown_cited_instrument() -> None:
    data: dict[str, Any] = yaml.safe_load((DATA / "minimal.yaml").read_text())
    data["questions"].append(
        {
            "id": "charge_violence",
            "text": "?",
            "help": "?",
            "level": "charge",
            "kind": "text",
            "show_if": {"question": "violence", "in": ["planned"]},
            "cites": ["magna_carta"],
        }
    )
    with pytest.raises(CodebookError) as info:
        load_codebook(yaml.safe_dump(data))
    message = str(info.value)
    assert "show_if refers to 'violence' at level 'defendant', not 'charge'" in message
    assert "cites unknown instrument 'magna_carta'" in message


# --- answer validation ------------------------------------------------------------------


def valid_sheet() -> dict[str, Any]:
    """A complete defendant sheet for speech prosecuted as incitement."""
    sheet: dict[str, Any] = {
        "conduct_kinds": ["speech", "assembly"],
        "violence": "none",
        "incitement_claimed": "yes",
        "protected_under": ["iccpr_19", "iccpr_21", "johannesburg_7"],
        "legitimate_expression": "yes",
        "court_interpretation": "Held the slogan to mean independence.",
    }
    sheet.update(dict.fromkeys(JP6, "no"))
    sheet.update(dict.fromkeys(RABAT, "does_not_meet"))
    return sheet


EVIDENCE = {"violence": ["src:judgment#para12"], "legitimate_expression": ["src:judgment#para40"]}


def test_valid_sheet_has_no_problems(cb: Codebook) -> None:
    assert cb.validate_answers(valid_sheet(), EVIDENCE) == []


def test_no_incitement_hides_jp6_and_rabat(cb: Codebook) -> None:
    sheet = {k: v for k, v in valid_sheet().items() if k not in (*JP6, *RABAT)}
    sheet["incitement_claimed"] = "no"
    assert cb.validate_answers(sheet, EVIDENCE) == []
    assert not cb.is_shown("rabat_intent", sheet)
    sheet["rabat_intent"] = "unclear"
    assert cb.validate_answers(sheet, EVIDENCE) == [
        "question 'rabat_intent': answered although hidden (shown only if "
        "'incitement_claimed' is yes)"
    ]


def test_shown_question_missing_is_reported(cb: Codebook) -> None:
    sheet = valid_sheet()
    del sheet["rabat_extent"]
    sheet["violence"] = None  # None means not answered
    assert cb.validate_answers(sheet, EVIDENCE) == [
        "question 'violence': required answer missing",
        "question 'rabat_extent': required answer missing",
    ]


def test_unknown_question_and_wrong_level(cb: Codebook) -> None:
    sheet = valid_sheet() | {"mood": "calm", "charge_legitimate_expression": "yes"}
    problems = cb.validate_answers(sheet, EVIDENCE | {"mood": ["x"]})
    assert problems == [
        "question 'mood': unknown question at level 'defendant'",
        "question 'charge_legitimate_expression': is not a question at level 'defendant'",
        "evidence for 'mood': unknown question at level 'defendant'",
    ]


def test_values_not_allowed(cb: Codebook) -> None:
    sheet = valid_sheet() | {
        "violence": "some",
        "incitement_claimed": ["yes"],
        "conduct_kinds": ["speech", "speech", "dancing"],
        "protected_under": ["none", "iccpr_19"],
        "notes": 3,
    }
    problems = cb.validate_answers(sheet, EVIDENCE)
    assert problems == [
        "question 'conduct_kinds': value 'dancing' not allowed (speech, publication, journalism, "
        "assembly, association, election_activity, advocacy_abroad, violence, planned_violence, "
        "property_damage, financial, other)",
        "question 'conduct_kinds': value 'speech' given twice",
        "question 'violence': value 'some' not allowed (none, alleged, found_by_court, planned)",
        "question 'incitement_claimed': expects one value, got list",
        "question 'protected_under': 'none' cannot be combined with others",
        "question 'notes': a text answer must be a string",
    ]


def test_evidence_required(cb: Codebook) -> None:
    problems = cb.validate_answers(
        valid_sheet(), {"violence": ["src:1"], "legitimate_expression": [" "]}
    )
    assert problems == ["question 'legitimate_expression': evidence required but none given"]
    assert len(cb.validate_answers(valid_sheet())) == 2


def test_charge_sheet(cb: Codebook) -> None:
    sheet = {"charge_conduct_kinds": ["violence"], "charge_legitimate_expression": "no"}
    evidence = {"charge_legitimate_expression": ["src:verdict#p3"]}
    assert cb.validate_answers(sheet, evidence, level="charge") == []
    assert cb.validate_answers({}, level="charge") == [
        "question 'charge_conduct_kinds': required answer missing",
        "question 'charge_legitimate_expression': required answer missing",
    ]


# --- seed labels ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "answer", "contested"),
    [
        ("legitimate_expression", "yes", False),
        ("legitimate_expression (journalism)", "yes", False),
        ("legitimate_expression (independence advocacy; ML count separate)", "yes", False),
        ("legitimate_expression (contested)", "yes", True),
        ("legitimate_expression (contested: foreign-sanctions lobbying)", "yes", True),
        ("not_pure_expression (violence)", "no", False),
        ("not_expression (planned bombing)", "no", False),
        ("contested (advocacy of violent resistance)", "unclear", True),
        ("acquitted", None, False),
        ("pending", None, False),
        ("arrest_only", None, False),
    ],
)
def test_label_to_answer(label: str, answer: str | None, contested: bool) -> None:
    mapping = label_to_answer(label)
    assert (mapping.answer, mapping.contested, mapping.question) == (
        answer,
        contested,
        "legitimate_expression",
    )
    assert mapping.note
    if answer is None:
        assert "not a concluded conviction" in mapping.note


def test_every_seed_label_maps() -> None:
    with SEED.open(encoding="utf-8") as f:
        # an empty label means no first pass (the importer makes no draft for it)
        labels = {row["first_pass_label"] for row in csv.DictReader(f)} - {""}
    assert len(labels) > 5
    for label in labels:
        label_to_answer(label)  # raises on an unmapped label


@pytest.mark.parametrize("label", ["", "legitimate", "not_a_label (x)", "(contested)"])
def test_unknown_label_raises(label: str) -> None:
    with pytest.raises(ValueError, match="no label rule matches"):
        label_to_answer(label)
