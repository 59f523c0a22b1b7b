"""Runs Optuna samplers for the searcher benchmark, asking Node to evaluate each trial.

Protocol (JSON lines): Node writes {"sampler", "seed", "trials", "space": [[name, param], ...]}
with parameters in dependency order; for each trial this prints {"params": {...}} and reads back
{"value": v}; after the last trial it prints {"done": true}. One process serves many runs, so
Optuna is imported once.
"""
import json
import sys
import warnings

import optuna

optuna.logging.set_verbosity(optuna.logging.ERROR)
# multivariate=True is marked experimental in this Optuna; the warning would drown the table.
warnings.filterwarnings("ignore")


def make_sampler(name, seed):
    if name == "optuna-tpe":
        return optuna.samplers.TPESampler(seed=seed)
    if name == "optuna-tpe-multivariate":
        return optuna.samplers.TPESampler(seed=seed, multivariate=True, warn_independent_sampling=False)
    if name == "optuna-random":
        return optuna.samplers.RandomSampler(seed=seed)
    raise ValueError(name)


def active(param, chosen):
    for parent, wanted in (param.get("when") or {}).items():
        allowed = wanted if isinstance(wanted, list) else [wanted]
        if parent not in chosen or chosen[parent] not in allowed:
            return False
    return True


def suggest(trial, name, param):
    kind = param["type"]
    if kind == "float":
        if param.get("reverse_log"):
            # Optuna has no reverse-log scale: sample 1 - x on a log scale, the same distribution.
            return 1 - trial.suggest_float(name, 1 - param["high"], 1 - param["low"], log=True)
        return trial.suggest_float(name, param["low"], param["high"], log=bool(param.get("log")), step=param.get("step"))
    if kind == "int":
        return trial.suggest_int(name, param["low"], param["high"], log=bool(param.get("log")), step=param.get("step") or 1)
    if kind == "categorical":
        return trial.suggest_categorical(name, param["choices"])
    if kind == "bool":
        return trial.suggest_categorical(name, [False, True])
    return param["value"]


def main():
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("quit"):
            return
        study = optuna.create_study(direction="minimize", sampler=make_sampler(request["sampler"], request["seed"]))
        for _ in range(request["trials"]):
            trial = study.ask()
            chosen = {}
            for name, param in request["space"]:
                if active(param, chosen):
                    chosen[name] = suggest(trial, name, param)
            print(json.dumps({"params": chosen}), flush=True)
            value = json.loads(sys.stdin.readline())["value"]
            study.tell(trial, value)
        print(json.dumps({"done": True}), flush=True)


if __name__ == "__main__":
    main()
