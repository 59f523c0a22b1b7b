"""Tundra's helper for training scripts: read a trial's parameters, report its metrics.

Tundra puts the folder holding this file on every trial's PYTHONPATH, so a script can simply
``import tundra``. It uses the standard library only (Python 3.8+), so it works in any
environment, including one without PyTorch or NumPy, and it behaves sensibly outside Tundra:
``params`` is then empty and reports are just printed lines.

The protocol (docs/trial-protocol.md) is deliberately plain, so scripts in any language can speak
it without this helper.

Inputs, from the environment Tundra sets for each trial:

- ``TUNDRA_PARAMS``       the trial's configuration as a JSON object, e.g. ``{"lr": 0.01, "hidden": 32}``
- ``TUNDRA_PARAMS_FILE``  path of a JSON file holding the same object
- ``TUNDRA_TRIAL_ID``     the trial's id (unique in the database)
- ``TUNDRA_TRIAL_NUMBER`` the trial's number within its experiment (1, 2, ...)
- ``TUNDRA_TRIAL_DIR``    a folder of the trial's own (logs live there; a good place for checkpoints)

Output, one line on stdout per report, flushed at once so curves are live::

    @tundra {"step": 3, "val_loss": 0.41, "val_acc": 0.9}

``step`` is a whole number >= 0; every other field is a metric with a numeric value. Adding
``"final": true`` marks the trial's result: it then wins over the last reported value of the
objective metric. Everything else the script prints is kept as the trial's log.

API:

- ``params``           dict of the trial's parameters (``{}`` outside Tundra)
- ``param(name, default=None)``  one parameter, or ``default`` when it is absent
- ``trial_id``         str or None;  ``trial_number``: int or None;  ``trial_dir``: str or None
- ``inside_tundra``    True when the script runs as a Tundra trial
- ``report(step=None, final=False, **metrics)``  print one report line

Example::

    import tundra

    lr = tundra.param("lr", 0.01)
    for epoch in range(1, 11):
        loss, acc = train_one_epoch(lr)
        tundra.report(step=epoch, val_loss=loss, val_acc=acc)

Decisions worth knowing:

- Non-finite values (NaN, +-inf) are written as JSON ``null``, never as Python's bare ``NaN`` or
  ``Infinity`` tokens, so the line stays valid JSON for any reader. Tundra records such a metric
  as a warning for the trial ("not a finite number") instead of a point on the curve, which is the
  honest outcome for a diverged run.
- A wrong metric value (a string, a bool, a list) raises TypeError in the script rather than being
  silently dropped: it is a bug in the script and is easiest to fix where it happens.
- ``step`` defaults to one more than the last reported step (0 for the first report), the same
  rule Tundra applies to a line without a step.
"""

from __future__ import annotations

import json
import math
import numbers
import os
import sys
import threading
from typing import Any, Dict, Optional

__all__ = [
    "params",
    "param",
    "trial_id",
    "trial_number",
    "trial_dir",
    "inside_tundra",
    "report",
]

# The marker Tundra looks for at the start of a stdout line.
PREFIX = "@tundra"


def _load_params() -> Dict[str, Any]:
    # The environment variable comes first because it needs no file I/O; the file exists for
    # launchers (or users) that cannot pass large values through the environment.
    text = os.environ.get("TUNDRA_PARAMS")
    source = "TUNDRA_PARAMS"
    if text is None:
        path = os.environ.get("TUNDRA_PARAMS_FILE")
        if not path:
            return {}
        source = "TUNDRA_PARAMS_FILE ({})".format(path)
        with open(path, "r", encoding="utf-8") as handle:
            text = handle.read()
    # Failing loudly is deliberate: a trial that silently fell back to defaults would produce a
    # result that looks valid but belongs to a different configuration.
    try:
        value = json.loads(text)
    except ValueError as error:
        raise ValueError("tundra: {} is not valid JSON: {}".format(source, error)) from None
    if not isinstance(value, dict):
        raise ValueError("tundra: {} must hold a JSON object, got {}".format(source, type(value).__name__))
    return value


def _env_or_none(name: str) -> Optional[str]:
    value = os.environ.get(name)
    return value if value else None


params: Dict[str, Any] = _load_params()
trial_id: Optional[str] = _env_or_none("TUNDRA_TRIAL_ID")
trial_dir: Optional[str] = _env_or_none("TUNDRA_TRIAL_DIR")
_number_text = _env_or_none("TUNDRA_TRIAL_NUMBER")
trial_number: Optional[int] = int(_number_text) if _number_text and _number_text.isdigit() else None
inside_tundra: bool = trial_id is not None


def param(name: str, default: Any = None) -> Any:
    """The trial's value for ``name``, or ``default`` when the trial has none (e.g. outside Tundra)."""
    return params.get(name, default)


# One lock for the step counter and the write, so reports from several threads neither share a
# step number by accident nor interleave their bytes within a line.
_lock = threading.Lock()
_last_step: Optional[int] = None


def _metric_value(name: str, value: Any) -> Optional[float]:
    """A JSON-ready number, or None for a non-finite one. Raises TypeError for anything else."""
    # bool is an int subclass in Python, but a True "accuracy" is a bug, not a measurement.
    if isinstance(value, bool):
        raise TypeError("tundra.report: metric {!r} must be a number, got a bool".format(name))
    if not isinstance(value, numbers.Real):
        # 0-d tensors and one-element arrays: accept what `.item()` turns into a plain number, so
        # `tundra.report(val_loss=loss)` works with PyTorch and NumPy without importing either.
        item = getattr(value, "item", None)
        if callable(item):
            try:
                value = item()
            except (TypeError, ValueError, RuntimeError):
                item = None
        if item is None or isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(
                "tundra.report: metric {!r} must be a number, got {}".format(name, type(value).__name__)
            )
    if isinstance(value, numbers.Integral):
        return int(value)
    number = float(value)
    return number if math.isfinite(number) else None


def _check_step(step: Any) -> int:
    if isinstance(step, bool) or not isinstance(step, numbers.Integral):
        raise TypeError("tundra.report: step must be a whole number, got {}".format(type(step).__name__))
    if step < 0:
        raise ValueError("tundra.report: step must be >= 0, got {}".format(step))
    return int(step)


def report(step: Optional[int] = None, final: bool = False, **metrics: Any) -> None:
    """Print one ``@tundra`` line with the given metrics, e.g. ``report(step=3, val_loss=0.41)``.

    ``step`` defaults to one more than the last reported step (0 at first). ``final=True`` marks
    these values as the trial's result. Non-finite values are written as ``null``.
    """
    global _last_step
    if not metrics:
        raise ValueError("tundra.report: give at least one metric, e.g. report(step=1, val_loss=0.5)")
    # Validate everything before taking the lock or touching the counter, so a bad call changes
    # nothing and the next good one keeps the step sequence intact.
    values = {name: _metric_value(name, value) for name, value in metrics.items()}
    checked_step = None if step is None else _check_step(step)

    with _lock:
        if checked_step is None:
            checked_step = 0 if _last_step is None else _last_step + 1
        fields: Dict[str, Any] = {"step": checked_step}
        fields.update(values)
        if final:
            fields["final"] = True
        # allow_nan=False is a guard: non-finite values were already turned into None above.
        line = PREFIX + " " + json.dumps(fields, allow_nan=False)
        # A report at the end of a partial line ("epoch 3 ..." printed with end="") would not
        # start a line and Tundra would miss it; a script mixing both should end its lines.
        print(line, file=sys.stdout, flush=True)
        _last_step = checked_step if _last_step is None else max(_last_step, checked_step)
