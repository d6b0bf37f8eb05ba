"""`nsdocket estimate`: multiple-systems estimation of how many people no list recorded.

Published analyses are reproduced to the digits they were printed with; a simulation checks
that the interval covers a known total; the warnings and the input errors read as a user
would see them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from nsdocket.cli import choices
from nsdocket.cli.main import app
from nsdocket.stats import estimate as estimate_module
from nsdocket.stats.capture_histories import CaptureDataError, CaptureHistories
from nsdocket.stats.estimate import Estimate, candidate_models, estimate_population
from nsdocket.stats.loglinear import LoglinearModel, fit_model, profile_interval

# Counts are given in Rcapture's order of histories: 111, 110, 101, 100, 011, 010, 001 for
# three lists, 1111, 1110, ..., 0001 for four.

# HIV in Rome, four reporting centres: Abeni, Brancato and Perucci (1994), Epidemiology 5,
# 410-414; the data as the R package Rcapture ships them (data/HIV.rda).
HIV = (0, 3, 1, 33, 0, 20, 6, 403, 3, 35, 10, 545, 11, 621, 205)
# Deaths from industrial injury in Maryland, three lists (Cormack, Chang and Smith 2000,
# "Estimating deaths from industrial injury by capture-recapture: a cautionary tale",
# International Journal of Epidemiology 29, 1053-1059, Table 3b).
INJURY_DEATHS = (72, 5, 29, 54, 24, 3, 14)
# The R3 census data of Darroch, Fienberg, Glonek and Junker (1993), JASA 88, 1137-1148.
DARROCH_R3 = (72, 155, 7, 71, 13, 53, 43)
# Known diabetes in Casale Monferrato, four sources (Bruno et al. 1994).
DIABETES = (58, 157, 18, 104, 46, 650, 12, 709, 14, 20, 7, 74, 8, 182, 10)

ALL_PAIRS_4 = ((0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3))


@dataclass(frozen=True)
class Published:
    """One published fit: the data, the model, and each number with its printed decimals."""

    source: str
    counts: tuple[int, ...]
    interactions: tuple[tuple[int, int], ...]
    numbers: dict[str, tuple[float, int]]


PUBLISHED = [
    # Rcapture's documented example, closedpCI.t(HIV, dfreq=TRUE, mX=~.+c1:c2), as printed in
    # Rcapture 1.3-1's tests/Examples/Rcapture-Ex.Rout.save (github.com/cran/Rcapture):
    # abundance 12318.5, stderr 1188.7, deviance 7.614, df 9, AIC 86.65; multinomial estimate
    # 12308 with the 95% profile-likelihood interval 10266 to 14992.3. The Poisson fit is also
    # in Baillargeon and Rivest (2007), "Rcapture: loglinear models for capture-recapture in
    # R", Journal of Statistical Software 19(5), section 2.2 (doi:10.18637/jss.v019.i05):
    # 12318.47, deviance 7.613759, AIC 86.64962. (That paper's interval, 10286.85 to
    # 14977.69, came from Rcapture's older profileCI, an integer grid with Stirling's
    # approximation; closedpCI.t, which we follow, replaced it.)
    Published(
        "HIV, Mt interaction 1,2",
        HIV,
        ((0, 1),),
        {
            "total": (12318.5, 1),
            "total_jss": (12318.47, 2),
            "stderr": (1188.7, 1),
            "deviance": (7.613759, 6),
            "df": (9, 0),
            "aic": (86.64962, 5),
            "lower": (10266.0, 1),
            "upper": (14992.3, 1),
            "multinomial_total": (12308.0, 0),
        },
    ),
    # The same sources, closedpCI.t(HIV, dfreq=TRUE, mX=~(c1+c2+c3+c4)^2): 23443.5 (JSS
    # 23443.54), stderr 9594.9, deviance 3.037 (JSS 3.036804), df 4, AIC 92.073 (JSS
    # 92.07266); multinomial 23269.8, interval 10027.6 to 50046.3.
    Published(
        "HIV, Mt double interaction",
        HIV,
        ALL_PAIRS_4,
        {
            "total": (23443.54, 2),
            "stderr": (9594.9, 1),
            "deviance": (3.036804, 6),
            "df": (4, 0),
            "aic": (92.07266, 5),
            "lower": (10027.6, 1),
            "upper": (50046.3, 1),
            "multinomial_total": (23269.8, 1),
        },
    ),
    # Cormack, Chang and Smith (2000), Table 3b, as Rcapture's test suite
    # (inst/tests/testPapersResults.R, Rcapture 1.3-1) checks it: independence 209, deviance
    # 75.1 on 3 df, interval 203 to 217; [23] deviance 1.2 on 2 df, lower end 210;
    # [13,23] 233 on 1 df, lower end 204.
    Published(
        "industrial injury deaths, independence",
        INJURY_DEATHS,
        (),
        {
            "total": (209, 0),
            "deviance": (75.1, 1),
            "df": (3, 0),
            "lower": (203, 0),
            "upper": (217, 0),
        },
    ),
    Published(
        "industrial injury deaths, [23]",
        INJURY_DEATHS,
        ((1, 2),),
        {"deviance": (1.2, 1), "df": (2, 0), "lower": (210, 0)},
    ),
    Published(
        "industrial injury deaths, [13,23]",
        INJURY_DEATHS,
        ((0, 2), (1, 2)),
        {"total": (233, 0), "df": (1, 0), "lower": (204, 0)},
    ),
    # Rivest (2011), "A lower bound model for multiple record systems estimation with
    # heterogeneous catchability", International Journal of Biostatistics 7(1), art. 23, as
    # Rcapture's test suite checks it: for Darroch's R3 data the saturated model gives 1240
    # (s.e. 451) and [12,23] 850 (s.e. 186), deviance 3.8 on 1 df; for the diabetes data the
    # model of Bruno et al. (every pair but 1-4) gives 2771 (s.e. 145), deviance 7.62 on 5 df,
    # and [13,24,34] 2472 (s.e. 53), deviance 21.97 on 7 df.
    Published(
        "Darroch R3, saturated",
        DARROCH_R3,
        ((0, 1), (0, 2), (1, 2)),
        {"total": (1240, 0), "stderr": (451, 0), "df": (0, 0)},
    ),
    Published(
        "Darroch R3, [12,23]",
        DARROCH_R3,
        ((0, 1), (1, 2)),
        {"total": (850, 0), "stderr": (186, 0), "deviance": (3.8, 1), "df": (1, 0)},
    ),
    Published(
        "diabetes, Bruno et al.",
        DIABETES,
        tuple(p for p in ALL_PAIRS_4 if p != (0, 3)),
        {"total": (2771, 0), "stderr": (145, 0), "deviance": (7.62, 2), "df": (5, 0)},
    ),
    Published(
        "diabetes, [13,24,34]",
        DIABETES,
        ((0, 2), (1, 3), (2, 3)),
        {"total": (2472, 0), "stderr": (53, 0), "deviance": (21.97, 2), "df": (7, 0)},
    ),
]


def _data(counts: tuple[int, ...]) -> CaptureHistories:
    k = 4 if len(counts) == 15 else 3
    return CaptureHistories(tuple(f"c{i + 1}" for i in range(k)), counts)


@pytest.mark.parametrize("case", PUBLISHED, ids=[case.source for case in PUBLISHED])
def test_published_fits_are_reproduced(case: Published) -> None:
    data = _data(case.counts)
    fit = fit_model(data, LoglinearModel(case.interactions))
    interval = profile_interval(data, fit)
    ours = {
        "total": fit.total,
        "total_jss": fit.total,
        "stderr": fit.stderr,
        "deviance": fit.deviance,
        "df": fit.df,
        "aic": fit.aic,
        "lower": interval.lower,
        "upper": interval.upper,
        "multinomial_total": interval.multinomial_total,
    }
    for number, (published, digits) in case.numbers.items():
        value = ours[number]
        assert value is not None and round(value, digits) == published, (number, value)


@pytest.fixture(scope="module")
def hiv_estimate() -> Estimate:
    """The whole estimate for the HIV data, once for the tests that read it."""
    return estimate_population(_data(HIV))


def test_aic_chooses_the_published_hiv_model(hiv_estimate: Estimate) -> None:
    """Baillargeon and Rivest (2007, section 2.2): eliminating interactions stepwise leaves
    only [1,2]; among all 64 hierarchical models AIC picks the same one."""
    assert len(hiv_estimate.models) == 64 == len(candidate_models(4))
    assert hiv_estimate.best_by_aic == "c1:c2"
    assert hiv_estimate.chosen is not None and hiv_estimate.chosen.interval is not None
    assert round(hiv_estimate.total or 0, 1) == 12318.5
    assert round(hiv_estimate.chosen.interval.lower, 1) == 10266.0
    assert hiv_estimate.best_by_bic == "independence"


def test_the_hiv_estimate_warns_of_its_empty_cells(hiv_estimate: Estimate) -> None:
    codes = [w.code for w in hiv_estimate.warnings]
    assert codes == ["sparse_cells", "no_one_on_every_list", "heterogeneity"]
    assert "c1+c2+c3+c4: 0" in hiv_estimate.warnings[0].message


@pytest.mark.slow
def test_the_independence_interval_covers_a_known_total() -> None:
    """Three independent lists over 400 people, 100 draws: the 95% profile-likelihood interval
    of the independence model covers 400 in most of them (93 when last run; 187 of 200 with
    twice the draws, which take twice the time: each interval takes some 30 model fits)."""
    total, chances, draws = 400, np.array([0.3, 0.4, 0.25]), 100
    covered = 0
    for seed in range(draws):
        on = np.random.default_rng(seed).random((total, 3)) < chances
        rows = [row for row in on.astype(int).tolist() if any(row)]
        data = CaptureHistories.from_people(["a", "b", "c"], rows)
        interval = profile_interval(data, fit_model(data, LoglinearModel()))
        assert interval.upper is not None
        covered += interval.lower <= total <= interval.upper
    assert covered >= 88, f"covered {covered} of {draws}"


def test_two_lists_give_lincoln_petersen_and_say_so() -> None:
    data = CaptureHistories.from_counts(
        ["police", "court"], [((1, 1), 20), ((1, 0), 30), ((0, 1), 10)]
    )
    found = estimate_population(data)
    # Lincoln-Petersen: 50 on the police list times 30 on the court list over the 20 on both.
    assert found.total == pytest.approx(50 * 30 / 20)
    assert [w.code for w in found.warnings] == ["two_lists", "heterogeneity"]
    assert "cannot be tested" in found.warnings[0].message


def _codes(counts: tuple[int, ...], criterion: str = "aic") -> list[str]:
    names = ("a", "b", "c", "d")[: 4 if len(counts) == 15 else 3 if len(counts) == 7 else 2]
    return [
        w.code for w in estimate_population(CaptureHistories(names, counts), criterion).warnings
    ]


@pytest.mark.parametrize(
    ("counts", "criterion", "expected"),
    [
        # No one on both of two lists: no estimate at all.
        ((0, 30, 10), "aic", ["no_estimate", "two_lists", "sparse_cells", "heterogeneity"]),
        # One person on both: the interval runs into the thousands.
        ((1, 30, 30), "aic", ["two_lists", "sparse_cells", "wide_interval", "heterogeneity"]),
        # AIC picks the saturated model for Darroch's R3 data: it fits exactly.
        (DARROCH_R3, "aic", ["saturated", "wide_interval", "heterogeneity"]),
        # BIC picks Rivest's interaction set for the diabetes data: it fits badly, and models
        # about as good by BIC put the total outside its interval.
        (DIABETES, "bic", ["poor_fit", "model_uncertainty", "heterogeneity"]),
        # The saturated model would fit better, but its estimate is unbounded.
        (
            (20, 0, 30, 40, 35, 50, 60),
            "aic",
            ["sparse_cells", "better_models_unusable", "poor_fit", "heterogeneity"],
        ),
        # Everyone is on list a.
        ((10, 20, 0), "aic", ["two_lists", "sparse_cells", "complete_list", "heterogeneity"]),
    ],
)
def test_warnings_say_when_the_estimate_means_little(
    counts: tuple[int, ...], criterion: str, expected: list[str]
) -> None:
    assert [code for code in _codes(counts, criterion) if code != "fit_problem"] == expected


@pytest.mark.parametrize(
    ("lists", "rows", "message"),
    [
        (["a", "b"], [(1, 1), (0, 0)], "row 2: every list is 0"),
        (["a", "b"], [(1, 1), (1, 2)], "row 2: column 'b': value '2': must be 0 or 1"),
        (["a", "b"], [(1, "yes")], "column 'b': value 'yes': must be 0 or 1"),
        (["a"], [(1,)], "1 list given: estimating who no list recorded needs at least 2 lists"),
        (["a", "b"], [(1, 0), (1, 0)], "no one is on list 'b'"),
        (["a", "a"], [(1, 0)], "list names given twice: a"),
        (["a", "b"], [(1, 0, 1)], "row 1: 3 values where there are 2 lists"),
    ],
)
def test_bad_people_rows_are_refused(
    lists: list[str], rows: list[tuple[int | str, ...]], message: str
) -> None:
    with pytest.raises(CaptureDataError) as raised:
        CaptureHistories.from_people(lists, rows)
    assert message in str(raised.value)


def test_the_choices_copy_is_the_librarys() -> None:
    assert choices.CRITERIA == estimate_module.CRITERIA


# The command, as a user runs it.


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _histories_csv(path: Path, counts: tuple[int, ...], count_column: str = "count") -> Path:
    data = _data(counts)
    lines = [",".join([*data.lists, count_column])]
    lines += [",".join([*map(str, h), str(c)]) for h, c in data.cells()]
    return _write(path, "\n".join(lines) + "\n")


def test_estimate_prints_the_chosen_model_every_model_and_the_warnings(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["estimate", str(_histories_csv(tmp_path / "r3.csv", DARROCH_R3))])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Model chosen by AIC: c1:c2 + c1:c3 + c2:c3" in out
    assert "estimated total: 1,240.0 people, of whom 826.0 are on no list" in out
    assert "Every model fitted, best first by AIC" in out
    assert "independence" in out and "449.0" in out
    assert "saturated:" in out and "heterogeneity:" in out


def test_estimate_json_and_bic(runner: CliRunner, tmp_path: Path) -> None:
    path = _histories_csv(tmp_path / "r3.csv", DARROCH_R3)
    result = runner.invoke(app, ["estimate", str(path), "--json", "--criterion", "BIC"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["criterion"] == "bic"
    assert found["chosen"]["model"] == "c1:c2 + c2:c3" == found["best_by_bic"]
    assert found["best_by_aic"] == "c1:c2 + c1:c3 + c2:c3"
    assert round(found["chosen"]["total"]) == 850
    assert found["chosen"]["interval"]["level"] == 0.95
    assert len(found["models"]) == 8
    assert {"code", "message"} <= set(found["warnings"][0])


def test_estimate_reads_one_row_per_person(runner: CliRunner, tmp_path: Path) -> None:
    rows = ["police,court,press"]
    for history, count in _data(INJURY_DEATHS).cells():
        rows += [",".join(map(str, history))] * count
    path = _write(tmp_path / "people.csv", "\n".join(rows) + "\n")
    result = runner.invoke(app, ["estimate", str(path), "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["lists"] == ["police", "court", "press"]
    assert found["observed"] == sum(INJURY_DEATHS)
    assert found["chosen"]["model"] == "court:press"


def test_estimate_takes_another_count_column(runner: CliRunner, tmp_path: Path) -> None:
    path = _histories_csv(tmp_path / "hiv.csv", HIV, count_column="people")
    result = runner.invoke(app, ["estimate", str(path), "--count-column", "people", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["chosen"]["model"] == "c1:c2"


@pytest.mark.parametrize(
    ("text", "messages"),
    [
        ("a,b\n1,1\n0,0\n", ["people.csv:3: every list is 0"]),
        (
            "a,b\n1,1\n1,x\n1,2\n",
            [
                "people.csv:3: column 'b' value 'x': must be 0 or 1",
                "people.csv:4: column 'b' value '2'",
            ],
        ),
        (
            "a,count\n1,3\n",
            [
                "people.csv:1: 1 list column (a): estimating who no list recorded needs at "
                "least 2 lists"
            ],
        ),
        (
            "a,b,count\n1,1,3\n1,0,-1\n",
            ["people.csv:3: column 'count' value '-1': a count must be a whole number"],
        ),
        ("a,b\n1,0\n1,0\n", ["people.csv: column 'b' no one is on list 'b'"]),
        ("a,b,a\n1,0,1\n", ["people.csv:1: column 'a' column appears twice"]),
        ("a,b\n1,0,1\n", ["people.csv:2: 3 fields where the header has 2"]),
        ("", ["people.csv: the file is empty"]),
    ],
)
def test_bad_files_are_refused_naming_file_line_and_column(
    runner: CliRunner, tmp_path: Path, text: str, messages: list[str]
) -> None:
    path = _write(tmp_path / "people.csv", text)
    result = runner.invoke(app, ["estimate", str(path)])
    assert result.exit_code == 1
    assert f"cannot estimate from {path}" in result.stderr
    for message in messages:
        assert message in result.stderr


def test_a_missing_file_and_a_bad_criterion_are_refused(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["estimate", str(tmp_path / "none.csv")])
    assert result.exit_code == 1 and "none.csv: cannot read" in result.stderr
    path = _histories_csv(tmp_path / "r3.csv", DARROCH_R3)
    result = runner.invoke(app, ["estimate", str(path), "--criterion", "r2"])
    assert result.exit_code == 1 and "--criterion must be aic or bic, not 'r2'" in result.stderr
