"""Optuna's TPE with its HyperbandPruner or SuccessiveHalvingPruner on a recorded-curve table.

Reads one JSON request on stdin: {"table": {"encoded", "losses", "maxStep", "kinds"},
"pruner": "hyperband"|"successive-halving", "seeds": [...], "budgetSteps": N}, and prints one JSON
line per seed: {"seed", "steps", "points": [[steps, loss], ...]} where points are the best loss at
maxStep found so far, each time it improved. The table is the same one Tundra's runs see: Optuna
suggests a point in the unit cube (a categorical dimension by its codes) and the nearest untried
recorded configuration trains, reporting each step's loss to the pruner.
"""
import json
import sys

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)


def run(table, pruner_name, seed, budget):
    encoded = table["encoded"]
    losses = table["losses"]
    max_step = table["maxStep"]
    kinds = table["kinds"]
    codes = [sorted({row[d] for row in encoded}) if kind == "categorical" else None for d, kind in enumerate(kinds)]
    spent = {"steps": 0, "best": float("inf"), "points": []}

    taken = set()
    mapped = {}

    def nearest(point):
        # The nearest untried configuration, as for Tundra's runs (tables.ts nearestConfiguration says
        # why); the same point again replays the configuration it got before.
        if tuple(point) in mapped:
            return mapped[tuple(point)]
        best, best_distance = -1, float("inf")
        for i, row in enumerate(encoded):
            if i in taken:
                continue
            distance = sum((a - b) ** 2 for a, b in zip(row, point))
            if distance < best_distance:
                best, best_distance = i, distance
        taken.add(best)
        mapped[tuple(point)] = best
        return best

    def objective(trial):
        point = [
            trial.suggest_categorical(f"x{d}", codes[d]) if codes[d] is not None else trial.suggest_float(f"x{d}", 0.0, 1.0)
            for d in range(len(kinds))
        ]
        curve = losses[nearest(point)]
        value = None
        for step in range(1, max_step + 1):
            if spent["steps"] >= budget:
                # The budget is spent mid-trial: end the study quietly (stop() takes effect after this trial).
                trial.study.stop()
                raise optuna.TrialPruned()
            spent["steps"] += 1
            value = curve[step - 1]
            trial.report(value, step)
            if step < max_step and trial.should_prune():
                raise optuna.TrialPruned()
        if value < spent["best"]:
            spent["best"] = value
            spent["points"].append([spent["steps"], value])
        return value

    if pruner_name == "hyperband":
        pruner = optuna.pruners.HyperbandPruner(min_resource=1, max_resource=max_step, reduction_factor=3)
    else:
        pruner = optuna.pruners.SuccessiveHalvingPruner(min_resource=1, reduction_factor=3)
    study = optuna.create_study(direction="minimize", sampler=optuna.samplers.TPESampler(seed=seed), pruner=pruner)
    study.optimize(objective, n_trials=100000)
    return {"seed": seed, "steps": spent["steps"], "trials": len(study.trials), "points": spent["points"]}


def main():
    request = json.loads(sys.stdin.readline())
    for seed in request["seeds"]:
        print(json.dumps(run(request["table"], request["pruner"], seed, request["budgetSteps"])), flush=True)


if __name__ == "__main__":
    main()
