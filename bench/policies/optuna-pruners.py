"""Optuna's TPE with its HyperbandPruner or SuccessiveHalvingPruner on a recorded-curve table.

Reads one JSON request on stdin: {"table": {"encoded", "losses", "maxStep", "kinds"},
"seconds", "pruner": "hyperband"|"successive-halving", "seeds": [...], "budgetSteps": N, "parallel": P},
and prints one JSON line per seed: {"seed", "steps", "points": [[steps, seconds, loss], ...]} where
points are the best loss at maxStep found so far, each time it improved. The table is the same one
Tundra's runs see: Optuna suggests a point in the unit cube (a categorical dimension by its codes)
and the nearest untried recorded configuration trains, reporting each step's loss to the pruner.

With "parallel" above 1, P workers share one study as Optuna's own parallel optimisation does
(ask/tell; running trials are invisible to TPE, its default), in virtual time: each step takes the
table's recorded seconds, and the next step to finish, on whichever worker, is reported next. That
is how Tundra's runs are simulated too (bench/policies/run-scheduler.ts), so steps and seconds
compare like with like.
"""
import heapq
import json
import sys

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)


def run(table, pruner_name, seed, budget, parallel):
    encoded = table["encoded"]
    losses = table["losses"]
    seconds = table["seconds"]
    max_step = table["maxStep"]
    kinds = table["kinds"]
    codes = [sorted({row[d] for row in encoded}) if kind == "categorical" else None for d, kind in enumerate(kinds)]

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

    if pruner_name == "hyperband":
        pruner = optuna.pruners.HyperbandPruner(min_resource=1, max_resource=max_step, reduction_factor=3)
    else:
        pruner = optuna.pruners.SuccessiveHalvingPruner(min_resource=1, reduction_factor=3)
    study = optuna.create_study(direction="minimize", sampler=optuna.samplers.TPESampler(seed=seed), pruner=pruner)

    def start(now):
        trial = study.ask()
        point = [
            trial.suggest_categorical(f"x{d}", codes[d]) if codes[d] is not None else trial.suggest_float(f"x{d}", 0.0, 1.0)
            for d in range(len(kinds))
        ]
        configuration = nearest(point)
        return {"trial": trial, "configuration": configuration, "step": 1, "ends": now + seconds[configuration][0]}

    steps, best, points, order = 0, float("inf"), [], 0
    # (time the running step ends, start order for ties, worker)
    running = []
    for _ in range(parallel):
        worker = start(0.0)
        heapq.heappush(running, (worker["ends"], order, worker))
        order += 1
    now = 0.0
    while running and steps < budget:
        now, _, worker = heapq.heappop(running)
        steps += 1
        trial, step = worker["trial"], worker["step"]
        value = losses[worker["configuration"]][step - 1]
        trial.report(value, step)
        if step == max_step:
            study.tell(trial, value)
            if value < best:
                best = value
                points.append([steps, now, value])
        elif trial.should_prune():
            study.tell(trial, state=optuna.trial.TrialState.PRUNED)
        else:
            worker["step"] = step + 1
            worker["ends"] = now + seconds[worker["configuration"]][step]
            heapq.heappush(running, (worker["ends"], order, worker))
            order += 1
            continue
        if steps < budget:
            worker = start(now)
            heapq.heappush(running, (worker["ends"], order, worker))
            order += 1
    return {"seed": seed, "steps": steps, "seconds": now, "trials": len(study.trials), "points": points}


def main():
    request = json.loads(sys.stdin.readline())
    for seed in request["seeds"]:
        print(json.dumps(run(request["table"], request["pruner"], seed, request["budgetSteps"], request.get("parallel", 1))), flush=True)


if __name__ == "__main__":
    main()
