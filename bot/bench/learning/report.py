"""The learning benchmark's tables, for the terminal and for LEARNING.md (between its markers)."""

from __future__ import annotations

import math
import platform
import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.bench.learning.measure import Calibration, Outcome
from bot.bench.learning.run import KERFOOT, MOMENTOS, Results
from bot.bench.learning.truth import make_truth
from bot.domain.learning.memory import DEFAULT_PARAMETERS

BEGIN = "<!-- learning:begin -->"
END = "<!-- learning:end -->"
EVIDENCE = ("actr", "exponential")  # the fsrs-shaped truth is reported, never counted
AT_KERFOOT_BUDGET = "Momentos, cap 1, min gain 0.03"
MASTERY_BAR = 0.8
RMSE_BAR = 0.07
MARGIN = 0.05


def _name(model: str) -> str:
    return make_truth(model, np.zeros((1, 1))).name


def _mean(values: Sequence[float]) -> float:
    clean = [value for value in values if not math.isnan(value)]
    return statistics.fmean(clean) if clean else math.nan


def _f(value: float, digits: int = 3) -> str:
    return "–" if math.isnan(value) else f"{value:.{digits}f}"


def _d(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:+.3f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right: int = 1) -> list[str]:
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join(["---"] * right + ["---:"] * (len(header) - right)) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


@dataclass(frozen=True, slots=True)
class Paired:
    """A policy against Kerfoot on the same seeds: mean and worst seed."""

    end_mean: float
    end_min: float
    later_mean: float
    later_min: float


def paired(results: Results, model: str, policy: str) -> Paired:
    """Differences in recall (policy − Kerfoot) at weeks 12 and 16, seed by seed."""
    kerfoot = {o.seed: o for o in results.outcomes if o.model == model and o.policy == KERFOOT}
    ours = [o for o in results.outcomes if o.model == model and o.policy == policy]
    end = [o.recall_end - kerfoot[o.seed].recall_end for o in ours]
    later = [o.recall_later - kerfoot[o.seed].recall_later for o in ours]
    if not end:
        return Paired(math.nan, math.nan, math.nan, math.nan)
    return Paired(_mean(end), min(end), _mean(later), min(later))


def _by_policy(results: Results, model: str) -> dict[str, list[Outcome]]:
    found: dict[str, list[Outcome]] = defaultdict(list)
    for o in results.outcomes:
        if o.model == model:
            found[o.policy].append(o)
    return found


@dataclass(frozen=True, slots=True)
class Verdict:
    """One line of the targets table."""

    target: str
    measured: str
    met: bool


def verdicts(results: Results) -> list[Verdict]:
    """The issue's targets against what was measured (only the non-FSRS models count)."""
    found: list[Verdict] = []
    for model in (m for m in EVIDENCE if m in results.plan.models):
        name = _name(model)
        ours = paired(results, model, MOMENTOS)
        found.append(
            Verdict(
                f"{name}: Momentos ≥ Kerfoot at week 12, cap 2",
                f"{_d(ours.end_mean)} (worst seed {_d(ours.end_min)})",
                ours.end_min >= 0,
            )
        )
        found.append(
            Verdict(
                f"{name}: Momentos ≥ Kerfoot + 0.05 at week 16, cap 2",
                f"{_d(ours.later_mean)} (worst seed {_d(ours.later_min)})",
                ours.later_min >= MARGIN,
            )
        )
        rows = _by_policy(results, model)
        ours_rows = rows.get(MOMENTOS, [])
        kerfoot_rows = rows.get(KERFOOT, [])
        budget = _mean([o.reviews_per_day for o in kerfoot_rows])
        cheap = paired(results, model, AT_KERFOOT_BUDGET)
        cheap_budget = _mean([o.reviews_per_day for o in rows.get(AT_KERFOOT_BUDGET, [])])
        found.append(
            Verdict(
                f"{name} (aim): the same at ≤ Kerfoot's budget ({budget:.2f}/day)",
                f"cap 1: {cheap_budget:.2f}/day, week 12 {_d(cheap.end_mean)}, week 16 {_d(cheap.later_mean)}",
                cheap_budget <= budget and cheap.end_min >= 0 and cheap.later_min >= MARGIN,
            )
        )
        backlog = max((o.backlog_max for o in ours_rows), default=0)
        bound = results.policy.cap * results.policy.due_days
        found.append(
            Verdict(
                f"{name}: due list bounded (≤ cap × {results.policy.due_days} = {bound})",
                f"mean {_mean([o.backlog for o in ours_rows]):.1f}, max {backlog}",
                backlog <= bound,
            )
        )
        recall = [o.mastered_recall for o in ours_rows]
        found.append(
            Verdict(
                f"{name}: recall at week 12 of items labelled mastered ≥ {MASTERY_BAR}",
                f"{_f(_mean(recall))} (worst seed {_f(min(recall, default=math.nan))})",
                bool(recall) and min(recall) >= MASTERY_BAR,
            )
        )
        calibrations = [c for (m, _), c in results.calibrations.items() if m == model]
        worst_rmse = max((c.fitted.rmse_bins for c in calibrations), default=math.nan)
        beats = all(c.fitted.log_loss < c.constant.log_loss for c in calibrations)
        found.append(
            Verdict(
                f"{name}: RMSE(bins) ≤ {RMSE_BAR} server-fitted, log loss < constant",
                f"RMSE(bins) worst seed {_f(worst_rmse)}; log loss below constant on every seed: {beats}",
                worst_rmse <= RMSE_BAR and beats,
            )
        )
    return found


def _policies_table(results: Results, model: str) -> list[str]:
    rows = []
    for policy, outcomes in _by_policy(results, model).items():
        rows.append(
            [
                policy,
                _f(_mean([o.reviews_per_day for o in outcomes]), 2),
                _f(_mean([o.recall_end for o in outcomes])),
                _f(_mean([o.recall_later for o in outcomes])),
                _f(_mean([o.mastered for o in outcomes]), 1),
                _f(_mean([o.mastered_recall for o in outcomes])),
                f"{_mean([o.backlog for o in outcomes]):.1f} / {max(o.backlog_max for o in outcomes)}",
                _f(_mean([o.helped for o in outcomes]), 1),
            ]
        )
    header = [
        "Policy",
        "reviews / person / day",
        "recall wk 12",
        "recall wk 16",
        "mastered / person",
        "their recall wk 12",
        "due list mean / max",
        "would help",
    ]
    return _table(header, rows)


def _paired_table(results: Results, model: str) -> list[str]:
    rows = []
    for policy in _by_policy(results, model):
        if policy == KERFOOT:
            continue
        p = paired(results, model, policy)
        rows.append([policy, _d(p.end_mean), _d(p.end_min), _d(p.later_mean), _d(p.later_min)])
    return _table(["Policy − Kerfoot", "wk 12 mean", "wk 12 worst seed", "wk 16 mean", "wk 16 worst seed"], rows)


def _frontier_table(results: Results) -> list[str]:
    models = list(results.plan.models)
    policies = list(_by_policy(results, models[0]))
    first = _by_policy(results, models[0])
    policies.sort(key=lambda p: _mean([o.reviews_per_day for o in first[p]]))
    rows = []
    for policy in policies:
        row = [policy]
        for model in models:
            outcomes = _by_policy(results, model).get(policy, [])
            row.append(
                f"{_f(_mean([o.reviews_per_day for o in outcomes]), 2)} → "
                f"{_f(_mean([o.recall_end for o in outcomes]))} / {_f(_mean([o.recall_later for o in outcomes]))}"
            )
        rows.append(row)
    return _table(["Policy", *[f"{_name(m)}: reviews/day → recall wk 12 / wk 16" for m in models]], rows)


def _calibration_table(results: Results) -> list[str]:
    rows = []
    for model in results.plan.models:
        found = [c for (m, _), c in results.calibrations.items() if m == model]
        if not found:
            continue

        def avg(pick: Callable[[Calibration], float], found: list[Calibration] = found) -> str:
            return _f(_mean([pick(c) for c in found]), 4)

        rows.append(
            [
                _name(model),
                f"{_mean([c.reviews for c in found]):,.0f} / {found[0].learners}",
                avg(lambda c: c.fitted.log_loss),
                avg(lambda c: c.defaults.log_loss),
                avg(lambda c: c.perfect.log_loss),
                avg(lambda c: c.constant.log_loss),
                avg(lambda c: c.fitted.rmse_bins),
                _f(max(c.fitted.rmse_bins for c in found), 4),
                avg(lambda c: c.defaults.rmse_bins),
                avg(lambda c: c.perfect.rmse_bins),
                avg(lambda c: c.constant.rmse_bins),
            ]
        )
    header = [
        "Truth",
        "reviews / people (per seed)",
        "log loss fitted",
        "defaults",
        "perfect",
        "constant",
        "RMSE(bins) fitted",
        "worst seed",
        "defaults",
        "perfect",
        "constant",
    ]
    return _table(header, rows)


def _mastery_table(results: Results) -> list[str]:
    grouped: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for model, label, _seed, count, recall in results.mastery:
        grouped[(model, label)].append((count, recall))
    rows = []
    for (model, label), values in grouped.items():
        recalls = [recall for _, recall in values]
        rows.append(
            [
                _name(model),
                label,
                _f(_mean([count for count, _ in values]), 1),
                _f(_mean(recalls)),
                _f(min(recalls, default=math.nan)),
            ]
        )
    return _table(["Truth", "Rule", "mastered / person", "recall wk 12", "worst seed"], rows, right=2)


def _fits_table(results: Results) -> list[str]:
    rows = []
    for (model, seed), fit in results.fits.items():
        rows.append(
            [
                _name(model),
                str(seed),
                fit.source,
                f"{fit.reviews:,}",
                _f(fit.loss_before, 4),
                _f(fit.loss_after, 4),
                ", ".join(f"{value:.3g}" for value in fit.parameters),
            ]
        )
    return _table(
        ["Truth", "seed", "parameters", "reviews fitted", "log loss defaults", "fitted", "w0 … w20"], rows, right=2
    )


def render(results: Results) -> str:
    """The measured section of LEARNING.md."""
    plan = results.plan
    policy = results.policy
    rule = results.rule
    lines = [
        f"Measured by `momentos learning-bench{' --quick' if plan.quick else ''}` on {platform.machine()} "
        f"(Python {platform.python_version()}) in {results.seconds:.0f} s: {len(plan.seeds)} seed(s) × "
        f"{plan.cohort.learners} people × {plan.cohort.weeks} working weeks (+{plan.cohort.rest_weeks} without "
        f"practice), {len(plan.models)} forgetting models. Momentos' defaults: cap {policy.cap}/day, horizon "
        f"{policy.horizon_days} days, min gain {policy.min_gain}, gap {policy.min_gap_days:g} days; mastery: "
        f"{rule.min_rights} right in a row ≥ {rule.min_gap_days:g} days apart and predicted recall ≥ "
        f"{rule.min_recall} in {rule.ahead_days} days. Figures are means over seeds unless a column says otherwise.",
        "",
        "### Targets",
        "",
        *_table(
            ["Target", "Measured", "Met"],
            [[v.target, v.measured, "yes" if v.met else "**no**"] for v in verdicts(results)],
            right=2,
        ),
        "",
    ]
    for model in plan.models:
        lines += [f"### {_name(model)}", "", *_policies_table(results, model), "", *_paired_table(results, model), ""]
    lines += [
        "### Frontier: reviews per person per day against recall",
        "",
        *_frontier_table(results),
        "",
        "### Calibration of predicted recall (Momentos' reviews, pooled over the cohort)",
        "",
        *_calibration_table(results),
        "",
        "### Mastery rules (Momentos' runs)",
        "",
        *_mastery_table(results),
        "",
        "### Parameters in use",
        "",
        f"FSRS-6 defaults (py-fsrs 6.3.2): {', '.join(f'{v:.4g}' for v in DEFAULT_PARAMETERS)}.",
        "",
        *_fits_table(results),
    ]
    return "\n".join(lines) + "\n"


def write(section: str, path: Path) -> None:
    """Put `section` between the markers of LEARNING.md (the prose around it stays as it is)."""
    text = path.read_text(encoding="utf-8") if path.exists() else f"# Learning\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text or END not in text:
        text = text.rstrip("\n") + f"\n\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{BEGIN}\n{section}{END}{tail}", encoding="utf-8")
