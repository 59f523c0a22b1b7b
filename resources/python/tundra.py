"""Tundra's helper for training scripts: parameters in, metrics out, checkpoints across freezes.

Tundra puts the folder holding this file on every trial's PYTHONPATH, so a script can simply
``import tundra``. It uses the standard library only (Python 3.8+), so it works in any
environment, including one without PyTorch or NumPy, and it behaves sensibly outside Tundra:
``params`` is then empty, reports are just printed lines, and nobody asks for a checkpoint
unless the script gets SIGTERM.

The protocol (docs/trial-protocol.md) is deliberately plain, so scripts in any language can speak
it without this helper.

Inputs, from the environment Tundra sets for each trial:

- ``TUNDRA_PARAMS``          the trial's configuration as a JSON object, e.g. ``{"lr": 0.01, "hidden": 32}``
- ``TUNDRA_PARAMS_FILE``     path of a JSON file holding the same object
- ``TUNDRA_TRIAL_ID``        the trial's id (unique in the database)
- ``TUNDRA_TRIAL_NUMBER``    the trial's number within its experiment (1, 2, ...)
- ``TUNDRA_TRIAL_DIR``       a folder of the trial's own (its logs live there)
- ``TUNDRA_CHECKPOINT_DIR``  a folder that survives freeze and thaw: checkpoints go there
- ``TUNDRA_RESUME``          ``1`` when the trial is thawed (relaunched after a freeze or an
                             interruption): load the checkpoint and carry on from the next step
- ``TUNDRA_CONTROL``         ``stdin`` when Tundra sends control lines on the trial's stdin

Output, one line on stdout per report, flushed at once so curves are live::

    @tundra {"step": 3, "val_loss": 0.41, "val_acc": 0.9}

``step`` is a whole number >= 0; every other field is a metric with a numeric value. Adding
``"final": true`` marks the trial's result: it then wins over the last reported value of the
objective metric. Everything else the script prints is kept as the trial's log.

Requests, one line on stdin each (only when ``TUNDRA_CONTROL=stdin``)::

    @tundra-control {"command": "checkpoint"}    write a checkpoint soon and keep going
    @tundra-control {"command": "freeze"}        write a checkpoint, then exit with 0 soon
    @tundra-control {"command": "stop"}          exit soon; no checkpoint needed

and, on every platform, SIGTERM (SIGBREAK on Windows) once the script has opted in: the same as
``freeze``. Tundra follows up with SIGKILL after a grace period, so a script that never looks is
simply killed, as before.

API:

- ``params``           dict of the trial's parameters (``{}`` outside Tundra)
- ``param(name, default=None)``  one parameter, or ``default`` when it is absent
- ``get_params(defaults=None, /, **more)``  the defaults, overridden by the trial's parameters
- ``trial_id``         str or None;  ``trial_number``: int or None;  ``trial_dir``: str or None
- ``inside_tundra``    True when the script runs as a Tundra trial
- ``report(step=None, final=False, **metrics)``  print one report line
- ``checkpoint_dir``   str, never None (see below);  ``resuming``: bool
- ``should_checkpoint()``, ``should_stop()``, ``checkpoint_done()``, ``handle_signals()``
- ``on_checkpoint(callback)``  let the helper answer requests at ``report()`` time
- ``save_checkpoint(source, obj=<omitted>, *, name="checkpoint")``  atomic write, returns the path
- ``checkpoint_path(name="checkpoint")``, ``load_checkpoint(reader=None, *, name="checkpoint")``

Example::

    import sys
    import torch
    import tundra

    p = tundra.get_params(lr=0.01, epochs=20)
    model, optimizer = make_model(), make_optimizer(p["lr"])
    start = 1
    state = tundra.load_checkpoint(torch.load)        # None unless thawed with a checkpoint
    if state is not None:
        model.load_state_dict(state["model"]); optimizer.load_state_dict(state["optimizer"])
        start = state["epoch"] + 1
    for epoch in range(start, p["epochs"] + 1):
        tundra.report(step=epoch, val_loss=train_one_epoch(model, optimizer))
        if tundra.should_checkpoint():
            tundra.save_checkpoint(torch.save, {"model": model.state_dict(),
                                                "optimizer": optimizer.state_dict(), "epoch": epoch})
        if tundra.should_stop():
            sys.exit(0)

Decisions worth knowing:

- Non-finite values (NaN, +-inf) are written as JSON ``null``, never as Python's bare ``NaN`` or
  ``Infinity`` tokens, so the line stays valid JSON for any reader. Tundra records such a metric
  as a warning for the trial ("not a finite number") instead of a point on the curve, which is the
  honest outcome for a diverged run.
- A wrong metric value (a string, a bool, a list) raises TypeError in the script rather than being
  silently dropped: it is a bug in the script and is easiest to fix where it happens.
- ``step`` defaults to one more than the last reported step (0 for the first report), the same
  rule Tundra applies to a line without a step. The helper does not remember steps across a
  thaw: a resumed script passes ``step=`` from its checkpoint, so its curve continues instead of
  restarting at 0.
- Importing the helper changes nothing about the process. SIGTERM keeps its default (the process
  dies) and stdin is never read until the script opts in by calling ``should_checkpoint()``,
  ``should_stop()``, ``on_checkpoint()`` or ``handle_signals()``: a script that never looks at
  requests must not become unkillable by SIGTERM, and a script run by hand may read stdin itself.
- ``checkpoint_dir`` is ``TUNDRA_CHECKPOINT_DIR``; inside a Tundra that does not set it, the
  ``checkpoint`` folder of the trial folder; outside Tundra ``./tundra-checkpoint`` (made
  absolute at import, created by the first save). It is never None, so checkpoint code runs the
  same by hand. ``checkpoint_path()`` and ``load_checkpoint()`` only find a checkpoint when
  ``resuming``, so a fresh run never picks up a stale one; to resume by hand, run the script
  with ``TUNDRA_RESUME=1``.
"""

from __future__ import annotations

import json
import math
import numbers
import os
import shutil
import signal
import sys
import threading
from typing import IO, Any, Callable, Dict, List, Mapping, Optional, Tuple, Union

__all__ = [
    "params",
    "param",
    "get_params",
    "trial_id",
    "trial_number",
    "trial_dir",
    "inside_tundra",
    "report",
    "checkpoint_dir",
    "resuming",
    "should_checkpoint",
    "should_stop",
    "checkpoint_done",
    "on_checkpoint",
    "handle_signals",
    "save_checkpoint",
    "checkpoint_path",
    "load_checkpoint",
]

# The marker Tundra looks for at the start of a stdout line.
PREFIX = "@tundra"
# The marker of a request from Tundra at the start of a stdin line (only with TUNDRA_CONTROL=stdin).
CONTROL_PREFIX = "@tundra-control"
# The commands a control line may carry; anything else is ignored, so an older helper survives a
# newer Tundra. "checkpoint": save soon and go on; "freeze": save, then exit with 0; "stop": exit.
CONTROL_COMMANDS = ("checkpoint", "freeze", "stop")
# Control lines are tiny; a longer line is dropped whole instead of growing a buffer without bound.
_MAX_CONTROL_LINE = 64 * 1024
# Temporary files of save_checkpoint: hidden, and with a suffix no checkpoint name can have.
_TEMP_SUFFIX = ".tundra-tmp"


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


def _default_checkpoint_dir() -> str:
    explicit = _env_or_none("TUNDRA_CHECKPOINT_DIR")
    if explicit:
        return os.path.abspath(explicit)
    # A Tundra that predates TUNDRA_CHECKPOINT_DIR: still one folder per trial, never a folder
    # shared by every trial of the experiment (they all run in the same workdir).
    if trial_dir:
        return os.path.join(os.path.abspath(trial_dir), "checkpoint")
    # Outside Tundra: a local folder rather than None, so checkpoint code runs unchanged by hand.
    # Made absolute now so that a later os.chdir in the script does not move it.
    return os.path.abspath("tundra-checkpoint")


params: Dict[str, Any] = _load_params()
trial_id: Optional[str] = _env_or_none("TUNDRA_TRIAL_ID")
trial_dir: Optional[str] = _env_or_none("TUNDRA_TRIAL_DIR")
_number_text = _env_or_none("TUNDRA_TRIAL_NUMBER")
trial_number: Optional[int] = int(_number_text) if _number_text and _number_text.isdigit() else None
inside_tundra: bool = trial_id is not None
# Read by the functions below at call time, so a script may point it elsewhere before saving.
checkpoint_dir: str = _default_checkpoint_dir()
resuming: bool = os.environ.get("TUNDRA_RESUME") == "1"
_control_channel: Optional[str] = _env_or_none("TUNDRA_CONTROL")


def param(name: str, default: Any = None) -> Any:
    """The trial's value for ``name``, or ``default`` when the trial has none (e.g. outside Tundra)."""
    return params.get(name, default)


def get_params(defaults: Optional[Mapping[str, Any]] = None, /, **more: Any) -> Dict[str, Any]:
    """A new dict: ``defaults`` and ``more``, overridden by the trial's parameters.

    ``get_params(lr=0.01, hidden=64)`` is ``{"lr": 0.01, "hidden": 64}`` when run by hand and the
    trial's values inside Tundra. Parameters of the trial that have no default are included too.
    Pass a dict first for names that are not Python identifiers: ``get_params({"opt.lr": 0.1})``.
    """
    merged: Dict[str, Any] = dict(defaults) if defaults is not None else {}
    merged.update(more)
    merged.update(params)
    return merged


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

    A report is also the point between two steps where callbacks registered with
    ``on_checkpoint`` run, after the line is printed; see there.
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
    # Outside the lock: a callback may report, and it may take as long as a checkpoint takes.
    _run_checkpoint_callbacks()


# ---------------------------------------------------------------------------------------------
# Requests: checkpoint, freeze, stop
#
# Two sources set them: control lines on stdin (a reader thread) and SIGTERM/SIGBREAK (a signal
# handler, which Python runs in the main thread between two bytecodes of whatever it was doing). The script reads them with should_checkpoint()/should_stop(), or lets
# report() run its on_checkpoint callbacks.
#
# A checkpoint request is a generation number rather than a flag, so that a request arriving
# while a checkpoint is being written is not wiped out when that save completes: a save only
# satisfies the requests that existed when it started.
#
# The signal handler never takes _control_lock: it may run in the main thread while the main
# thread itself holds that lock (inside should_stop(), say), and the lock is not reentrant. It
# only bumps _signals_received, and whoever reads the state next folds that into a freeze request.

_control_lock = threading.Lock()
_checkpoint_requested = 0  # generation of the latest checkpoint request (guarded by _control_lock)
_checkpoint_satisfied = 0  # latest generation a finished save covers (guarded by _control_lock)
_stop_requested = False  # guarded by _control_lock
_signals_received = 0  # written only by _on_signal, in the main thread
_signals_applied = 0  # guarded by _control_lock

_callbacks: List[Tuple[Callable[[], Any], int]] = []  # (callback, ident of the registering thread)
# Set while a thread runs its callbacks: a callback that reports must not run the callbacks again.
_in_callbacks = threading.local()


def _apply_locked(command: str) -> None:
    global _checkpoint_requested, _stop_requested
    if command == "checkpoint" or command == "freeze":
        _checkpoint_requested += 1
    if command == "freeze" or command == "stop":
        _stop_requested = True


def _sync_locked() -> None:
    global _signals_applied
    received = _signals_received
    if received != _signals_applied:
        _signals_applied = received
        _apply_locked("freeze")


def _pending_generation() -> Tuple[int, bool, bool]:
    """(generation to satisfy, checkpoint pending, stop requested), all read at one instant."""
    with _control_lock:
        _sync_locked()
        return _checkpoint_requested, _checkpoint_requested > _checkpoint_satisfied, _stop_requested


def _mark_satisfied(generation: int) -> None:
    global _checkpoint_satisfied
    with _control_lock:
        _checkpoint_satisfied = max(_checkpoint_satisfied, generation)


def should_checkpoint() -> bool:
    """True when Tundra asked for a checkpoint (``checkpoint``, ``freeze`` or SIGTERM) that no
    ``save_checkpoint()`` or ``checkpoint_done()`` has answered yet.

    The first call opts the script in to Tundra's requests (see ``handle_signals``).
    """
    _opt_in()
    return _pending_generation()[1]


def should_stop() -> bool:
    """True once Tundra asked the script to exit (``freeze``, ``stop`` or SIGTERM). Stays True.

    Answer it by exiting soon with code 0, after saving a checkpoint if ``should_checkpoint()``.
    The first call opts the script in to Tundra's requests (see ``handle_signals``).
    """
    _opt_in()
    return _pending_generation()[2]


def checkpoint_done() -> None:
    """Mark the pending checkpoint requests answered, for a script that wrote its checkpoint
    without ``save_checkpoint`` (e.g. with its framework's own saving)."""
    _mark_satisfied(_pending_generation()[0])


def on_checkpoint(callback: Callable[[], Any]) -> Callable[[], Any]:
    """Have ``callback()`` write a checkpoint whenever Tundra asks for one; returns ``callback``,
    so it also works as a decorator.

    The callback runs inside the next ``tundra.report()`` call made by the thread that
    registered it, after the report line is printed: between two steps of the training loop,
    where the model and optimizer are consistent. It never runs in a signal handler (which
    interrupts the script at an arbitrary bytecode, perhaps halfway through an optimizer step or
    while holding a lock that saving needs) nor in the helper's reader thread (which would race
    with training). Once the callbacks return, the request counts as answered.

    Registering a callback hands the handling of requests to the helper: when Tundra asked the
    script to exit (``freeze``, ``stop`` or SIGTERM), that same ``report()`` call then raises
    ``SystemExit(0)``, after the callbacks for a freeze, so ``finally`` blocks and atexit
    handlers still run. A script that wants to exit its own way polls ``should_stop()`` instead.

    The first call opts the script in to Tundra's requests (see ``handle_signals``).
    """
    if not callable(callback):
        raise TypeError("tundra.on_checkpoint: callback must be callable, got {}".format(type(callback).__name__))
    _callbacks.append((callback, threading.get_ident()))
    _opt_in()
    return callback


def _run_checkpoint_callbacks() -> None:
    if not _callbacks:
        return
    me = threading.get_ident()
    mine = [callback for callback, ident in list(_callbacks) if ident == me]
    if not mine or getattr(_in_callbacks, "active", False):
        return
    generation, pending, stop = _pending_generation()
    if pending:
        _in_callbacks.active = True
        try:
            for callback in mine:
                callback()
        finally:
            _in_callbacks.active = False
        _mark_satisfied(generation)
    if stop:
        raise SystemExit(0)


def handle_signals() -> bool:
    """Opt in to Tundra's requests now, instead of at the first ``should_*``/``on_checkpoint``.

    Starts reading control lines from stdin (only when ``TUNDRA_CONTROL=stdin``) and, when called
    from the main thread, makes SIGTERM (and SIGBREAK on Windows) a freeze request instead of
    death. Returns True when SIGTERM is now the helper's, False when it is left alone: called
    from another thread (Python only lets the main thread set signal handlers; a later call from
    the main thread installs it), or the script or a library already set its own handler, which
    the helper respects. Once opted in, SIGTERM no longer kills the script, so it must check
    ``should_stop()`` (or register ``on_checkpoint``) often enough to exit within Tundra's grace
    period, after which SIGKILL follows.
    """
    return _opt_in()


def _opt_in() -> bool:
    _start_control_reader()
    return _install_signal_handlers()


# The process that installed the handler. A child made by os.fork() (multiprocessing workers,
# DataLoader workers) inherits the handler but not the loop that would answer the request, so in
# a child that has not opted in itself the handler gives the signal its default effect instead.
_handler_pid: Optional[int] = None
# The process that decided whether SIGTERM is the helper's, and the decision: made once, by the
# first opt-in call from the main thread.
_signals_decided_pid: Optional[int] = None
_sigterm_is_ours = False


def _on_signal(signum: int, frame: Any) -> None:
    global _signals_received
    if os.getpid() != _handler_pid:
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    _signals_received += 1


def _install_signal_handlers() -> bool:
    global _handler_pid, _signals_decided_pid, _sigterm_is_ours
    pid = os.getpid()
    if _signals_decided_pid == pid:
        return _sigterm_is_ours
    # signal.signal raises ValueError outside the main thread (of the main interpreter); leave
    # the decision open so that the next call from the main thread makes it.
    if threading.current_thread() is not threading.main_thread():
        return False
    _signals_decided_pid = pid
    _handler_pid = pid  # before installing: a signal may arrive right after signal.signal
    _sigterm_is_ours = False
    for name in ("SIGTERM", "SIGBREAK"):  # SIGBREAK exists on Windows only
        signum = getattr(signal, name, None)
        if signum is None:
            continue
        try:
            current = signal.getsignal(signum)
            # Only over the default disposition (or the helper's own, inherited through fork): a
            # handler the script or a framework installed stays in charge, and SIG_IGN or a
            # handler set from C (getsignal gives None) is not ours to replace.
            if current is not signal.SIG_DFL and current is not _on_signal:
                continue
            signal.signal(signum, _on_signal)
        except (ValueError, OSError, RuntimeError):
            continue
        if name == "SIGTERM":
            _sigterm_is_ours = True
    return _sigterm_is_ours


_reader_lock = threading.Lock()
_reader_started = False


def _start_control_reader() -> None:
    global _reader_started
    # Without TUNDRA_CONTROL=stdin, stdin is not Tundra's: a script run by hand may read it.
    if _control_channel != "stdin" or _reader_started:
        return
    with _reader_lock:
        if _reader_started:
            return
        # Stays True in a child made by fork, which has no reader thread: the channel belongs to
        # the process Tundra started, and a child must not take its requests.
        _reader_started = True
        # A daemon thread never holds up the script's exit; it is simply gone when the process ends.
        reader = threading.Thread(target=_read_control_lines, args=(0,), name="tundra-control", daemon=True)
        reader.start()


def _read_control_lines(fd: int) -> None:
    # os.read on the descriptor, not sys.stdin.buffer: a daemon thread parked in a read of the
    # buffered object holds its lock, and interpreter shutdown then aborts the whole process
    # with "Fatal Python error: _enter_buffered_busy: could not acquire lock for
    # <_io.BufferedReader name='<stdin>'> at interpreter shutdown, possibly due to daemon
    # threads". The raw descriptor has no lock. For the same reason this thread never prints.
    pending = bytearray()
    discarding = False  # inside an over-long line, dropped up to its newline
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return  # no usable stdin (closed, or a GUI process without one): no requests
        if not chunk:
            return  # EOF: Tundra went away or closed the channel. That is not a request.
        pending += chunk
        while True:
            newline = pending.find(b"\n")
            if newline < 0:
                break
            line = bytes(pending[:newline])
            del pending[: newline + 1]
            if discarding:
                discarding = False
                continue
            try:
                command = _parse_control_line(line)
            except Exception:  # never let a strange line end the channel
                command = None
            if command is not None:
                with _control_lock:
                    _apply_locked(command)
        if len(pending) > _MAX_CONTROL_LINE:
            pending.clear()
            discarding = True


def _parse_control_line(line: bytes) -> Optional[str]:
    """The command of a control line, or None for anything else (which is ignored)."""
    if line.endswith(b"\r"):
        line = line[:-1]
    prefix = CONTROL_PREFIX.encode("ascii")
    if not line.startswith(prefix):
        return None
    rest = line[len(prefix) :]
    # Like `@tundra` on stdout: the marker must be followed by whitespace.
    if rest[:1] not in (b" ", b"\t"):
        return None
    try:
        message = json.loads(rest.decode("utf-8"))
    except ValueError:  # UnicodeDecodeError is a ValueError too
        return None
    if not isinstance(message, dict):
        return None
    command = message.get("command")
    # Unknown commands are ignored rather than fatal: a newer Tundra may know more of them.
    return command if isinstance(command, str) and command in CONTROL_COMMANDS else None


# ---------------------------------------------------------------------------------------------
# Checkpoints

_MISSING: Any = object()
_Source = Union[bytes, bytearray, memoryview, str, "os.PathLike[str]", Callable[..., Any]]


def _checkpoint_file(name: str) -> str:
    if not isinstance(name, str) or not name:
        raise ValueError("tundra: a checkpoint name must be a non-empty string, got {!r}".format(name))
    separators = {"/", "\\", os.sep} | ({os.altsep} if os.altsep else set())
    # A plain file name: no folders, and no leading dot, which is reserved for temporary files.
    if name.startswith(".") or "\0" in name or any(separator in name for separator in separators):
        raise ValueError(
            "tundra: a checkpoint name must be a plain file name without a leading dot, got {!r}".format(name)
        )
    return os.path.join(checkpoint_dir, name)


def _writer_for(source: Any, obj: Any) -> Callable[[IO[bytes]], Any]:
    if obj is not _MISSING:
        if not callable(source):
            raise TypeError(
                "tundra.save_checkpoint(writer, obj): writer must be a function called as "
                "writer(obj, file), like torch.save or pickle.dump; got {}".format(type(source).__name__)
            )
        return lambda handle: source(obj, handle)
    if callable(source):
        return source
    if isinstance(source, (bytes, bytearray, memoryview)):
        return lambda handle: handle.write(source)
    if isinstance(source, (str, os.PathLike)):

        def copy(handle: IO[bytes]) -> None:
            with open(source, "rb") as original:
                shutil.copyfileobj(original, handle, 1024 * 1024)

        return copy
    raise TypeError(
        "tundra.save_checkpoint: give bytes, the path of a file to copy, a function of the open "
        "file, or a writer and an object (torch.save, state); got {}".format(type(source).__name__)
    )


def _create_temp(directory: str, name: str) -> Tuple[int, str]:
    # os.open with 0o666 rather than tempfile.mkstemp (always 0o600): the checkpoint then gets the
    # permissions any other file the script writes would get under the user's umask.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        path = os.path.join(directory, ".{}.{}-{}{}".format(name, os.getpid(), os.urandom(4).hex(), _TEMP_SUFFIX))
        try:
            return os.open(path, flags, 0o666), path
        except FileExistsError:
            continue
    raise FileExistsError("tundra: could not create a temporary file in {}".format(directory))


def _fsync_path(path: str) -> None:
    descriptor = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _fsync_directory(directory: str) -> None:
    # Makes the rename itself durable after a power cut. POSIX only: Windows cannot open a folder
    # this way, and NTFS journals the rename anyway.
    if os.name != "posix":
        return
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the data itself is already synced
    finally:
        os.close(descriptor)


def _remove_quietly(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass


def save_checkpoint(source: _Source, obj: Any = _MISSING, *, name: str = "checkpoint") -> str:
    """Write the checkpoint ``name`` in ``checkpoint_dir`` atomically; return its path.

    ``source`` is one of:

    - a writer and the object to write, called as ``writer(obj, file)``: the argument order of
      ``torch.save`` and ``pickle.dump``, so ``save_checkpoint(torch.save, state)``;
    - a function of the open binary file: ``save_checkpoint(lambda f: torch.save(state, f))``;
    - ``bytes`` (or ``bytearray``/``memoryview``): written as they are;
    - a ``str`` or ``os.PathLike``: the path of an existing file, copied in (for libraries that
      can only save to a path of their own choosing).

    The data goes to a hidden temporary file in the same folder, is flushed and fsynced, and only
    then renamed over ``name`` (``os.replace``, atomic on POSIX and Windows), and the folder is
    fsynced where the platform allows. So the last good checkpoint survives a crash, an exception
    or SIGKILL in the middle of a save, and a temporary file is never mistaken for a checkpoint
    (leftovers of a killed save are removed when a thawed trial looks for its checkpoint).

    A successful save answers the checkpoint requests that were pending when it started
    (``should_checkpoint()`` becomes False unless a new one arrived meanwhile). Save all files of
    a checkpoint in one go when Tundra asks, or call ``checkpoint_done()`` after the last one.
    """
    final = _checkpoint_file(name)
    write = _writer_for(source, obj)
    generation = _pending_generation()[0]
    directory = os.path.dirname(final)
    os.makedirs(directory, exist_ok=True)
    descriptor, temp = _create_temp(directory, name)
    try:
        synced = False
        with os.fdopen(descriptor, "wb") as handle:
            write(handle)
            if not handle.closed:
                handle.flush()
                os.fsync(handle.fileno())
                synced = True
        if not synced:
            # The writer closed the file itself (some libraries do): the data reached the OS at
            # close, but not necessarily the disk.
            _fsync_path(temp)
        os.replace(temp, final)
    except BaseException:
        # BaseException too: KeyboardInterrupt or SystemExit in the middle of a save must not
        # leave a half-written temporary file behind either.
        _remove_quietly(temp)
        raise
    _fsync_directory(directory)
    _mark_satisfied(generation)
    return final


_swept_dir: Optional[str] = None


def _sweep_temps() -> None:
    """Remove temporary files that a killed save left in ``checkpoint_dir``.

    Only when resuming: the process that was writing them is gone by then (Tundra thaws a trial
    after its previous process exited), whereas at any other time another process might still be
    in the middle of a save.
    """
    global _swept_dir
    if _swept_dir == checkpoint_dir:
        return
    _swept_dir = checkpoint_dir
    try:
        names = os.listdir(checkpoint_dir)
    except OSError:
        return
    for entry in names:
        if entry.startswith(".") and entry.endswith(_TEMP_SUFFIX):
            _remove_quietly(os.path.join(checkpoint_dir, entry))


def checkpoint_path(name: str = "checkpoint") -> Optional[str]:
    """The path of the checkpoint ``name`` to resume from, or None.

    None unless ``resuming`` (``TUNDRA_RESUME=1``) and the file exists: a fresh trial, or a run
    by hand, never picks up a stale checkpoint. Resuming without a checkpoint (a trial
    interrupted before its first save) also gives None: start from the beginning.
    """
    path = _checkpoint_file(name)
    if not resuming:
        return None
    _sweep_temps()
    return path if os.path.isfile(path) else None


def load_checkpoint(reader: Optional[Callable[[IO[bytes]], Any]] = None, *, name: str = "checkpoint") -> Any:
    """The checkpoint to resume from, or None when there is none (see ``checkpoint_path``).

    With no ``reader``, its bytes. Otherwise ``reader(file)`` with the file open for binary
    reading, so ``load_checkpoint(torch.load)``, ``load_checkpoint(pickle.load)`` or
    ``load_checkpoint(lambda f: torch.load(f, map_location="cpu"))``.
    """
    path = checkpoint_path(name)
    if path is None:
        return None
    with open(path, "rb") as handle:
        return handle.read() if reader is None else reader(handle)
