"""Tests of resources/python/tundra.py, the helper training scripts import.

Standard library unittest only, so any Python 3.8+ runs them:

    python3 -m unittest discover -s test/python -v

Most tests run a small script in a subprocess, the way Tundra runs a trial: the trial's
environment, control lines written to its stdin, signals sent to it, its stdout read line by line.
The scripts run under the same interpreter as the tests (sys.executable). The PyTorch tests are
skipped, with the reason, when torch cannot be imported.
"""

import importlib.util
import itertools
import json
import os
import pickle
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import unittest
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
HELPER_DIR = ROOT / "resources" / "python"
PROTOCOL_DOC = ROOT / "docs" / "trial-protocol.md"
TIMEOUT = 30.0  # generous: a loaded CI machine, and importing torch takes seconds
POSIX = os.name == "posix"
TEMP_SUFFIX = ".tundra-tmp"


def control(command):
    return ('@tundra-control {"command": "%s"}\n' % command).encode("utf-8")


def base_env(**extra):
    """The test's environment without any TUNDRA_* variable, plus the helper on PYTHONPATH."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("TUNDRA_")}
    env["PYTHONPATH"] = str(HELPER_DIR)
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # no __pycache__ next to the helper: resources/ ships as is
    env.update(extra)
    return env


def trial_env(folder, params=None, control_channel=True, resume=False, **extra):
    """What Tundra sets for a trial, with its folders under `folder`."""
    trial_dir = Path(folder) / "trial"
    checkpoint_dir = trial_dir / "checkpoint"
    checkpoint_dir.mkdir(parents=True, exist_ok=True)
    params_json = json.dumps(params or {})
    (trial_dir / "params.json").write_text(params_json, encoding="utf-8")
    env = base_env(
        TUNDRA_PARAMS=params_json,
        TUNDRA_PARAMS_FILE=str(trial_dir / "params.json"),
        TUNDRA_TRIAL_ID="17",
        TUNDRA_TRIAL_NUMBER="3",
        TUNDRA_TRIAL_DIR=str(trial_dir),
        TUNDRA_CHECKPOINT_DIR=str(checkpoint_dir),
    )
    if control_channel:
        env["TUNDRA_CONTROL"] = "stdin"
    if resume:
        env["TUNDRA_RESUME"] = "1"
    env.update(extra)
    return env


class Trial:
    """One script run as a subprocess, its stdout lines available as they arrive."""

    def __init__(self, test, script, env, cwd):
        path = Path(cwd) / "script_{}.py".format(next(Trial._numbers))
        path.write_text(textwrap.dedent(script), encoding="utf-8")
        self.test = test
        self.lines = queue.Queue()
        self.seen = []
        self.stderr = b""
        self.process = subprocess.Popen(
            [sys.executable, str(path)],
            cwd=str(cwd),
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self._readers = [
            threading.Thread(target=self._read_stdout, daemon=True),
            threading.Thread(target=self._read_stderr, daemon=True),
        ]
        for reader in self._readers:
            reader.start()
        test.addCleanup(self.kill)

    _numbers = itertools.count(1)

    def _read_stdout(self):
        for raw in self.process.stdout:
            self.lines.put(raw.decode("utf-8", "replace").rstrip("\r\n"))
        self.lines.put(None)

    def _read_stderr(self):
        self.stderr = self.process.stderr.read()

    def expect(self, pattern, timeout=TIMEOUT):
        """The first stdout line from now on that matches the regex `pattern` (re.search)."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self.test.fail("no line matching {!r} within {} s; saw {}{}".format(pattern, timeout, self.seen, self.describe_stderr()))
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                self.lines.put(None)  # keep the end visible to later calls
                self.wait_reader()
                self.test.fail("the script ended before a line matching {!r}; saw {}{}".format(pattern, self.seen, self.describe_stderr()))
            self.seen.append(line)
            match = re.search(pattern, line)
            if match:
                return match

    def send(self, data):
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def close_stdin(self):
        self.process.stdin.close()

    def signal(self, signum):
        self.process.send_signal(signum)

    def wait(self, timeout=TIMEOUT):
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            self.test.fail("the script did not exit within {} s; saw {}".format(timeout, self.seen))
        self.wait_reader()
        return code

    def wait_reader(self):
        for reader in self._readers:
            reader.join(timeout=TIMEOUT)

    def rest_of_stdout(self):
        """Every stdout line not yet consumed by expect(); call after wait()."""
        rest = []
        while True:
            line = self.lines.get(timeout=TIMEOUT)
            if line is None:
                self.lines.put(None)
                return rest
            self.seen.append(line)
            rest.append(line)

    def describe_stderr(self):
        text = self.stderr.decode("utf-8", "replace").strip()
        return "\nstderr:\n" + text if text else ""

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            try:
                stream.close()
            except (OSError, ValueError):
                pass


_module_numbers = itertools.count(1)


def load_helper(env):
    """A fresh copy of the helper module, imported under `env` (no TUNDRA_* from outside)."""
    spec = importlib.util.spec_from_file_location("tundra_under_test_{}".format(next(_module_numbers)), str(HELPER_DIR / "tundra.py"))
    module = importlib.util.module_from_spec(spec)
    # No bytecode cache either: it would land in resources/python/__pycache__, which ships.
    with mock.patch.dict(os.environ, env, clear=True), mock.patch.object(sys, "dont_write_bytecode", True):
        spec.loader.exec_module(module)
    return module


class TempFolderTest(unittest.TestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="tundra-helper-test-"))
        self.addCleanup(shutil.rmtree, str(self.folder), True)
        self.checkpoint_dir = self.folder / "trial" / "checkpoint"

    def run_trial(self, script, **env_options):
        return Trial(self, script, trial_env(self.folder, **env_options), self.folder)

    def checkpoint_files(self):
        return sorted(os.listdir(str(self.checkpoint_dir)))


# A cooperative trainer: one report per step, the documented checks after each, its step and a
# counter of checkpoints in the checkpoint (pickled), and "ready" once it has opted in.
COOPERATIVE_TRAINER = """
    import pickle, sys, time
    import tundra

    state = tundra.load_checkpoint(pickle.load) or {"step": -1, "saves": 0}
    step = state["step"] + 1
    tundra.should_stop()  # opts in
    print("ready resuming={} start={}".format(tundra.resuming, step), flush=True)
    while step < 100000:
        tundra.report(step=step, loss=1.0 / (step + 1))
        if tundra.should_checkpoint():
            state = {"step": step, "saves": state["saves"] + 1}
            path = tundra.save_checkpoint(pickle.dump, state)
            print("saved step={} pending={} path={}".format(step, tundra.should_checkpoint(), path), flush=True)
        if tundra.should_stop():
            print("stopping step={}".format(step), flush=True)
            sys.exit(0)
        step += 1
        time.sleep(0.01)
"""


class ControlLineTest(TempFolderTest):
    def test_a_checkpoint_request_is_answered_once_and_the_trial_keeps_going(self):
        trial = self.run_trial(COOPERATIVE_TRAINER)
        trial.expect("^ready resuming=False start=0$")
        trial.send(control("checkpoint"))
        saved = trial.expect(r"^saved step=(\d+) pending=False path=(.*)$")
        self.assertEqual(saved.group(2), str(self.checkpoint_dir / "checkpoint"))
        # Still running: more reports come after the save, and no second save without a request.
        later = int(trial.expect(r'^@tundra \{"step": (\d+)').group(1))
        self.assertGreater(later, int(saved.group(1)))
        trial.send(control("stop"))
        stopped = trial.expect(r"^stopping step=(\d+)$")
        self.assertEqual(trial.wait(), 0)
        self.assertFalse([line for line in trial.seen if line.startswith("saved")][1:], "saved only once")
        with open(str(self.checkpoint_dir / "checkpoint"), "rb") as handle:
            state = pickle.load(handle)
        self.assertEqual(state, {"step": int(saved.group(1)), "saves": 1})
        self.assertGreaterEqual(int(stopped.group(1)), later)

    def test_freeze_writes_a_checkpoint_then_exits_with_0(self):
        trial = self.run_trial(COOPERATIVE_TRAINER)
        trial.expect("^ready")
        trial.expect(r'^@tundra \{"step": 2,')
        trial.send(control("freeze"))
        saved = int(trial.expect(r"^saved step=(\d+) pending=False").group(1))
        self.assertEqual(int(trial.expect(r"^stopping step=(\d+)$").group(1)), saved)
        self.assertEqual(trial.wait(), 0)
        self.assertEqual(self.checkpoint_files(), ["checkpoint"])  # no temporary file left behind

    def test_stop_exits_with_0_without_a_checkpoint(self):
        trial = self.run_trial(COOPERATIVE_TRAINER)
        trial.expect("^ready")
        trial.send(control("stop"))
        trial.expect("^stopping")
        self.assertEqual(trial.wait(), 0)
        self.assertFalse([line for line in trial.seen if line.startswith("saved")])
        self.assertEqual(self.checkpoint_files(), [])

    def test_eof_on_stdin_is_not_a_request(self):
        trial = self.run_trial(
            """
            import threading, time
            import tundra

            tundra.handle_signals()
            print("ready", flush=True)
            input_reader = [t for t in threading.enumerate() if t.name == "tundra-control"][0]
            input_reader.join(timeout=20)  # the reader ends at EOF
            print("reader alive={} checkpoint={} stop={}".format(
                input_reader.is_alive(), tundra.should_checkpoint(), tundra.should_stop()), flush=True)
            """
        )
        trial.expect("^ready$")
        trial.close_stdin()
        trial.expect("^reader alive=False checkpoint=False stop=False$")
        self.assertEqual(trial.wait(), 0)

    def test_garbage_and_unknown_control_lines_are_ignored(self):
        trial = self.run_trial(
            """
            import time
            import tundra

            tundra.handle_signals()
            print("ready", flush=True)
            while not tundra.should_checkpoint():
                time.sleep(0.01)
            print("checkpoint requested, stop={}".format(tundra.should_stop()), flush=True)
            """
        )
        trial.expect("^ready$")
        garbage = [
            b'@tundra-control {"command": "explode"}\n',  # unknown command
            b'@tundra-control {"command": "STOP"}\n',  # commands are case-sensitive
            b'@tundra-control {"command": 5}\n',
            b"@tundra-control {}\n",
            b'@tundra-control ["stop"]\n',
            b"@tundra-control stop\n",
            b"@tundra-control {oops\n",
            b"@tundra-control\n",
            b'@tundra-controlx {"command": "stop"}\n',  # no whitespace after the marker
            b'  @tundra-control {"command": "stop"}\n',  # not at the start of the line
            b'@tundra {"command": "stop"}\n',  # a report line, not a control line
            b'@tundra-control {"command": "st\xff\xfeop"}\n',  # not UTF-8
            b"\x00\x01\x02 binary noise\n",
            b"hello tundra\n",
            b"\n",
            # Over the line cap: dropped whole, although it ends in a valid request.
            b"@tundra-control " + b" " * (200 * 1024) + b'{"command": "stop"}\n',
        ]
        for line in garbage:
            trial.send(line)
        # Written in pieces, with Windows line endings and a tab: still one valid request.
        trial.send(b"@tundra-control\t{\"comm")
        time.sleep(0.1)
        trial.send(b'and": "checkpoint", "extra": [1, 2]}\r\n')
        trial.expect("^checkpoint requested, stop=False$")
        self.assertEqual(trial.wait(), 0)
        self.assertNotIn(b"Traceback", trial.stderr)

    def test_an_opted_in_trial_exits_at_once_while_its_stdin_stays_open(self):
        trial = self.run_trial(
            """
            import tundra

            tundra.handle_signals()
            print("done", flush=True)
            """
        )
        trial.expect("^done$")
        started = time.monotonic()
        self.assertEqual(trial.wait(timeout=10), 0)  # stdin is still open: the reader must not hold the exit
        self.assertLess(time.monotonic() - started, 5)
        self.assertEqual(trial.stderr, b"")  # no "Fatal Python error ... at interpreter shutdown"

    def test_stdin_is_left_to_the_script_without_TUNDRA_CONTROL(self):
        trial = self.run_trial(
            """
            import sys, threading
            import tundra

            tundra.handle_signals()
            print("ready reader={}".format(any(t.name == "tundra-control" for t in threading.enumerate())), flush=True)
            lines = sys.stdin.read().splitlines()
            print("read {} stop={} checkpoint={}".format(lines, tundra.should_stop(), tundra.should_checkpoint()), flush=True)
            """,
            control_channel=False,
        )
        trial.expect("^ready reader=False$")
        trial.send(control("freeze") + b"hello\n")
        trial.close_stdin()
        trial.expect(r"""^read \['@tundra-control \{"command": "freeze"\}', 'hello'\] stop=False checkpoint=False$""")
        self.assertEqual(trial.wait(), 0)

    def test_a_request_sent_before_the_script_opts_in_waits_in_the_pipe(self):
        trial = self.run_trial(
            """
            import time
            import tundra

            print("started", flush=True)
            time.sleep(0.5)  # the freeze arrives now, before the script opts in
            while not tundra.should_stop():
                time.sleep(0.01)
            print("checkpoint={} stop={}".format(tundra.should_checkpoint(), tundra.should_stop()), flush=True)
            """
        )
        trial.expect("^started$")
        trial.send(control("freeze"))
        trial.expect("^checkpoint=True stop=True$")
        self.assertEqual(trial.wait(), 0)


@unittest.skipUnless(POSIX, "POSIX signals (Windows has no SIGTERM to catch)")
class SignalTest(TempFolderTest):
    def test_sigterm_kills_a_script_that_never_opted_in(self):
        trial = self.run_trial(
            """
            import time
            import tundra

            tundra.report(step=0, loss=1.0)  # reporting is not opting in
            tundra.save_checkpoint(b"x")  # nor is saving
            print("ready", flush=True)
            time.sleep(60)
            """
        )
        trial.expect("^ready$")
        trial.signal(signal.SIGTERM)
        self.assertEqual(trial.wait(), -signal.SIGTERM)

    def test_sigterm_after_opting_in_is_a_freeze(self):
        trial = self.run_trial(COOPERATIVE_TRAINER)
        trial.expect("^ready")
        trial.expect(r'^@tundra \{"step": 1,')
        trial.signal(signal.SIGTERM)
        saved = int(trial.expect(r"^saved step=(\d+) pending=False").group(1))
        self.assertEqual(int(trial.expect(r"^stopping step=(\d+)$").group(1)), saved)
        self.assertEqual(trial.wait(), 0)
        self.assertEqual(self.checkpoint_files(), ["checkpoint"])

    def test_sigterm_is_a_freeze_outside_tundra_too_once_opted_in(self):
        trial = Trial(
            self,
            """
            import os, signal, time
            import tundra

            print("before checkpoint={} stop={}".format(tundra.should_checkpoint(), tundra.should_stop()), flush=True)
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.1)
            print("after checkpoint={} stop={}".format(tundra.should_checkpoint(), tundra.should_stop()), flush=True)
            """,
            base_env(),
            self.folder,
        )
        trial.expect("^before checkpoint=False stop=False$")
        trial.expect("^after checkpoint=True stop=True$")
        self.assertEqual(trial.wait(), 0)

    def test_a_request_arriving_during_a_save_is_not_lost(self):
        trial = self.run_trial(
            """
            import os, signal
            import tundra

            tundra.handle_signals()

            def writer(handle):
                handle.write(b"half")
                os.kill(os.getpid(), signal.SIGTERM)
                for _ in range(10000):  # the handler runs between bytecodes of the main thread
                    pass
                handle.write(b" and the rest")

            print("before checkpoint={}".format(tundra.should_checkpoint()), flush=True)
            tundra.save_checkpoint(writer)
            print("after checkpoint={} stop={}".format(tundra.should_checkpoint(), tundra.should_stop()), flush=True)
            tundra.save_checkpoint(b"second")
            print("answered checkpoint={}".format(tundra.should_checkpoint()), flush=True)
            """
        )
        trial.expect("^before checkpoint=False$")
        trial.expect("^after checkpoint=True stop=True$")
        trial.expect("^answered checkpoint=False$")
        self.assertEqual(trial.wait(), 0)

    @unittest.skipUnless(hasattr(os, "fork"), "needs os.fork")
    def test_a_forked_child_still_dies_of_sigterm(self):
        trial = self.run_trial(
            """
            import os, signal, time
            import tundra

            tundra.handle_signals()
            child = os.fork()
            if child == 0:
                time.sleep(30)
                os._exit(0)
            time.sleep(0.2)
            os.kill(child, signal.SIGTERM)
            _, status = os.waitpid(child, 0)
            print("child signalled={} signal={}".format(os.WIFSIGNALED(status), os.WTERMSIG(status) if os.WIFSIGNALED(status) else None), flush=True)
            print("parent stop={}".format(tundra.should_stop()), flush=True)
            """
        )
        trial.expect("^child signalled=True signal={}$".format(int(signal.SIGTERM)))
        trial.expect("^parent stop=False$")
        self.assertEqual(trial.wait(), 0)

    def test_a_sigterm_handler_of_the_script_is_left_alone(self):
        trial = self.run_trial(
            """
            import os, signal, sys, time
            import tundra

            def own(signum, frame):
                print("own handler", flush=True)
                sys.exit(5)

            signal.signal(signal.SIGTERM, own)
            print("installed={}".format(tundra.handle_signals()), flush=True)
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)
            """
        )
        trial.expect("^installed=False$")
        trial.expect("^own handler$")
        self.assertEqual(trial.wait(), 5)

    def test_opting_in_from_a_worker_thread_leaves_sigterm_to_the_main_thread(self):
        trial = self.run_trial(
            """
            import signal, threading, time
            import tundra

            result = []
            worker = threading.Thread(target=lambda: result.append(tundra.should_stop()))
            worker.start()
            worker.join()
            print("worker stop={} default={}".format(result[0], signal.getsignal(signal.SIGTERM) is signal.SIG_DFL), flush=True)
            print("main installed={}".format(tundra.handle_signals()), flush=True)
            time.sleep(60)
            """
        )
        trial.expect("^worker stop=False default=True$")
        trial.expect("^main installed=True$")
        trial.signal(signal.SIGTERM)
        # Opted in from the main thread, the script now survives SIGTERM; it never checks, so only
        # a kill ends it: exactly what Tundra's SIGKILL after the grace period is for.
        time.sleep(0.5)
        self.assertIsNone(trial.process.poll())
        trial.process.kill()
        self.assertEqual(trial.wait(), -signal.SIGKILL)


class OnCheckpointTest(TempFolderTest):
    SCRIPT = """
        import signal, sys, threading, time
        import tundra

        @tundra.on_checkpoint
        def save():
            print("callback main_thread={}".format(threading.current_thread() is threading.main_thread()), flush=True)
            tundra.save_checkpoint(str(step).encode())

        print("ready", flush=True)
        step = 0
        try:
            while True:
                tundra.report(step=step, loss=1.0)
                print("after report {}".format(step), flush=True)
                step += 1
                time.sleep(0.01)
        finally:
            print("finally step={}".format(step), flush=True)
    """

    def test_a_freeze_runs_the_callback_at_the_next_report_then_exits_with_0(self):
        trial = self.run_trial(self.SCRIPT)
        trial.expect("^ready$")
        trial.expect("^after report 2$")
        trial.send(control("freeze"))
        trial.expect("^callback main_thread=True$")
        report_before = trial.seen[-2]
        step = int(re.match(r'^@tundra \{"step": (\d+),', report_before).group(1))
        trial.expect("^finally step={}$".format(step))  # SystemExit from inside report()
        self.assertEqual(trial.wait(), 0)
        self.assertEqual((self.checkpoint_dir / "checkpoint").read_bytes(), str(step).encode())

    def test_a_checkpoint_request_runs_the_callback_and_training_goes_on(self):
        trial = self.run_trial(self.SCRIPT)
        trial.expect("^ready$")
        trial.send(control("checkpoint"))
        trial.expect("^callback main_thread=True$")
        trial.expect("^after report")
        trial.send(control("stop"))
        trial.expect("^finally")
        self.assertEqual(trial.wait(), 0)
        self.assertEqual(len([line for line in trial.seen if line.startswith("callback")]), 1)

    def test_a_callback_may_report_without_running_itself_again(self):
        trial = self.run_trial(
            """
            import time
            import tundra

            calls = []

            @tundra.on_checkpoint
            def save():
                calls.append(1)
                tundra.report(checkpointed=1)
                tundra.save_checkpoint(b"state")

            print("ready", flush=True)
            while not tundra.should_checkpoint():
                time.sleep(0.01)
            tundra.report(loss=1.0)
            print("calls={} pending={}".format(len(calls), tundra.should_checkpoint()), flush=True)
            """
        )
        trial.expect("^ready$")
        trial.send(control("checkpoint"))
        trial.expect("^calls=1 pending=False$")
        self.assertEqual(trial.wait(), 0)

    @unittest.skipUnless(POSIX, "POSIX signals")
    def test_sigterm_runs_the_callback_outside_the_signal_handler(self):
        trial = self.run_trial(self.SCRIPT)
        trial.expect("^after report 1$")
        trial.signal(signal.SIGTERM)
        trial.expect("^callback main_thread=True$")
        trial.expect("^finally")
        self.assertEqual(trial.wait(), 0)
        self.assertTrue((self.checkpoint_dir / "checkpoint").exists())


class SaveCheckpointTest(TempFolderTest):
    def helper(self, **options):
        return load_helper(trial_env(self.folder, **options))

    def test_a_save_replaces_the_checkpoint_and_leaves_only_it(self):
        tundra = self.helper()
        path = tundra.save_checkpoint(b"first")
        self.assertEqual(path, str(self.checkpoint_dir / "checkpoint"))
        self.assertEqual(tundra.save_checkpoint(b"second"), path)
        self.assertEqual(Path(path).read_bytes(), b"second")
        self.assertEqual(self.checkpoint_files(), ["checkpoint"])

    def test_writers_like_torch_save_and_functions_of_the_file(self):
        tundra = self.helper(resume=True)
        state = {"epoch": 3, "weights": [0.5, 0.25]}
        tundra.save_checkpoint(pickle.dump, state)
        self.assertEqual(tundra.load_checkpoint(pickle.load), state)
        tundra.save_checkpoint(lambda handle: pickle.dump(state, handle), name="lambda.pkl")
        self.assertEqual(tundra.load_checkpoint(pickle.load, name="lambda.pkl"), state)
        tundra.save_checkpoint(bytearray(b"raw"), name="raw.bin")
        self.assertEqual(tundra.load_checkpoint(name="raw.bin"), b"raw")

    def test_a_writer_that_closes_the_file_itself_is_fine(self):
        tundra = self.helper()

        def closing_writer(handle):
            handle.write(b"closed by the writer")
            handle.close()

        path = tundra.save_checkpoint(closing_writer)
        self.assertEqual(Path(path).read_bytes(), b"closed by the writer")

    def test_a_path_is_copied_in(self):
        tundra = self.helper()
        original = self.folder / "model.safetensors"
        original.write_bytes(b"tensors")
        path = tundra.save_checkpoint(str(original), name="model.safetensors")
        self.assertEqual(Path(path).read_bytes(), b"tensors")
        tundra.save_checkpoint(original)  # os.PathLike
        self.assertEqual((self.checkpoint_dir / "checkpoint").read_bytes(), b"tensors")

    def test_a_writer_failing_halfway_keeps_the_last_good_checkpoint(self):
        tundra = self.helper()
        tundra.save_checkpoint(b"good")

        def fails_halfway(handle):
            handle.write(b"half of a")
            raise RuntimeError("disk on fire")

        with self.assertRaisesRegex(RuntimeError, "disk on fire"):
            tundra.save_checkpoint(fails_halfway)
        self.assertEqual((self.checkpoint_dir / "checkpoint").read_bytes(), b"good")
        self.assertEqual(self.checkpoint_files(), ["checkpoint"])  # the temporary file is gone

    def test_a_kill_in_the_middle_of_a_save_keeps_the_last_good_checkpoint(self):
        trial = self.run_trial(
            """
            import os
            import tundra

            tundra.save_checkpoint(b"good")

            def dies_halfway(handle):
                handle.write(b"half of a")
                handle.flush()
                os._exit(7)  # like SIGKILL: no cleanup of any kind

            tundra.save_checkpoint(dies_halfway)
            """
        )
        self.assertEqual(trial.wait(), 7)
        self.assertEqual((self.checkpoint_dir / "checkpoint").read_bytes(), b"good")
        leftovers = [name for name in self.checkpoint_files() if name != "checkpoint"]
        self.assertEqual(len(leftovers), 1)
        self.assertTrue(leftovers[0].startswith(".checkpoint.") and leftovers[0].endswith(TEMP_SUFFIX), leftovers)
        self.assertEqual(Path(self.checkpoint_dir / leftovers[0]).read_bytes(), b"half of a")

        # The thawed trial finds the good checkpoint, never the partial file, which is cleaned up.
        tundra = self.helper(resume=True)
        self.assertEqual(tundra.checkpoint_path(), str(self.checkpoint_dir / "checkpoint"))
        self.assertEqual(tundra.load_checkpoint(), b"good")
        self.assertEqual(self.checkpoint_files(), ["checkpoint"])

    def test_bad_names_and_sources_are_refused_before_anything_is_written(self):
        tundra = self.helper()
        for name in ["", ".hidden", "../escape", "sub/dir", "back\\slash", "nul\0byte", 7]:
            with self.assertRaises(ValueError, msg=repr(name)):
                tundra.save_checkpoint(b"x", name=name)
        with self.assertRaisesRegex(TypeError, "torch.save"):
            tundra.save_checkpoint(b"not callable", {"state": 1})
        with self.assertRaises(TypeError):
            tundra.save_checkpoint(12345)
        with self.assertRaises(FileNotFoundError):
            tundra.save_checkpoint(str(self.folder / "missing.pt"))
        self.assertEqual(self.checkpoint_files(), [])

    def test_a_save_answers_pending_requests_and_checkpoint_done_too(self):
        # In-process: requests are applied the way the reader thread applies them.
        tundra = self.helper()
        with tundra._control_lock:
            tundra._apply_locked("checkpoint")
        self.assertTrue(tundra._pending_generation()[1])
        tundra.save_checkpoint(b"x")
        self.assertFalse(tundra._pending_generation()[1])
        with tundra._control_lock:
            tundra._apply_locked("freeze")
        tundra.checkpoint_done()
        self.assertEqual(tundra._pending_generation()[1:], (False, True))


class ResumeTest(TempFolderTest):
    def test_the_environment_sets_the_folders_and_the_resume_flag(self):
        tundra = load_helper(trial_env(self.folder, params={"lr": 0.5}, resume=True))
        self.assertTrue(tundra.resuming)
        self.assertTrue(tundra.inside_tundra)
        self.assertEqual(tundra.checkpoint_dir, str(self.checkpoint_dir))
        self.assertEqual((tundra.trial_id, tundra.trial_number), ("17", 3))
        self.assertEqual(tundra.get_params(lr=0.01, hidden=64), {"lr": 0.5, "hidden": 64})

        self.assertFalse(load_helper(trial_env(self.folder)).resuming)
        self.assertFalse(load_helper(trial_env(self.folder, TUNDRA_RESUME="0")).resuming)

    def test_only_a_resumed_trial_finds_its_checkpoint(self):
        fresh = load_helper(trial_env(self.folder))
        fresh.save_checkpoint(b"state")
        self.assertIsNone(fresh.checkpoint_path())
        self.assertIsNone(fresh.load_checkpoint())
        thawed = load_helper(trial_env(self.folder, resume=True))
        self.assertEqual(thawed.load_checkpoint(), b"state")
        self.assertIsNone(thawed.checkpoint_path(name="other"))

    def test_without_TUNDRA_CHECKPOINT_DIR_each_trial_keeps_its_own_folder(self):
        env = trial_env(self.folder)
        del env["TUNDRA_CHECKPOINT_DIR"]
        tundra = load_helper(env)
        self.assertEqual(tundra.checkpoint_dir, str(self.folder / "trial" / "checkpoint"))

    def test_a_frozen_trial_thaws_and_continues_from_the_next_step(self):
        first = self.run_trial(COOPERATIVE_TRAINER)
        first.expect("^ready resuming=False start=0$")
        first.expect(r'^@tundra \{"step": 3,')
        first.send(control("freeze"))
        frozen_at = int(first.expect(r"^saved step=(\d+)").group(1))
        self.assertEqual(first.wait(), 0)

        second = self.run_trial(COOPERATIVE_TRAINER, resume=True)
        second.expect("^ready resuming=True start={}$".format(frozen_at + 1))
        second.expect(r'^@tundra \{"step": %d, "loss"' % (frozen_at + 1))
        second.send(control("freeze"))
        second.expect("^stopping")
        self.assertEqual(second.wait(), 0)
        reports = [line for line in second.seen if line.startswith("@tundra ")]
        self.assertFalse([line for line in reports if json.loads(line[len("@tundra "):])["step"] <= frozen_at])
        with open(str(self.checkpoint_dir / "checkpoint"), "rb") as handle:
            self.assertEqual(pickle.load(handle)["saves"], 2)


class OutsideTundraTest(TempFolderTest):
    def test_outside_tundra_the_script_runs_on_its_defaults(self):
        trial = Trial(
            self,
            """
            import os, threading
            import tundra

            print("inside={} params={} resuming={}".format(tundra.inside_tundra, tundra.params, tundra.resuming), flush=True)
            print("get_params={}".format(tundra.get_params({"opt.lr": 0.1}, hidden=64)), flush=True)
            print("dir={}".format(tundra.checkpoint_dir), flush=True)
            print("checkpoint={} stop={}".format(tundra.should_checkpoint(), tundra.should_stop()), flush=True)
            print("reader={}".format(any(t.name == "tundra-control" for t in threading.enumerate())), flush=True)
            tundra.report(val_loss=0.5)
            print("saved={}".format(tundra.save_checkpoint(b"by hand")), flush=True)
            print("found={}".format(tundra.checkpoint_path()), flush=True)
            """,
            base_env(),
            self.folder,
        )
        trial.expect(r"^inside=False params=\{\} resuming=False$")
        trial.expect(r"^get_params=\{'opt.lr': 0.1, 'hidden': 64\}$")
        local = os.path.realpath(str(self.folder / "tundra-checkpoint"))
        self.assertEqual(os.path.realpath(trial.expect("^dir=(.*)$").group(1)), local)
        trial.expect("^checkpoint=False stop=False$")
        trial.expect("^reader=False$")
        trial.expect(r'^@tundra \{"step": 0, "val_loss": 0.5\}$')
        self.assertEqual(os.path.realpath(trial.expect("^saved=(.*)$").group(1)), os.path.join(local, "checkpoint"))
        trial.expect("^found=None$")  # not resuming: a run by hand starts fresh
        self.assertEqual(trial.wait(), 0)

        by_hand = Trial(
            self,
            "import tundra\nprint('resumed={}'.format(tundra.load_checkpoint()), flush=True)\n",
            base_env(TUNDRA_RESUME="1"),
            self.folder,
        )
        by_hand.expect("^resumed=b'by hand'$")
        self.assertEqual(by_hand.wait(), 0)

    def test_the_trial_parameters_override_the_defaults(self):
        tundra = load_helper(base_env(TUNDRA_PARAMS='{"lr": 0.5, "extra": "x"}'))
        self.assertEqual(tundra.get_params(lr=0.01, hidden=64), {"lr": 0.5, "hidden": 64, "extra": "x"})
        defaults = {"lr": 0.01}
        tundra.get_params(defaults)
        self.assertEqual(defaults, {"lr": 0.01})  # a new dict every time


def torch_or_skip_reason():
    try:
        import torch  # noqa: F401
    except Exception as error:  # ImportError, or a broken install raising something else
        return None, "PyTorch is not importable by {} ({}: {})".format(sys.executable, type(error).__name__, error)
    return torch, None


def documented_pytorch_example():
    """The tested example of docs/trial-protocol.md: the python block after its marker comment."""
    text = PROTOCOL_DOC.read_text(encoding="utf-8")
    marker = "<!-- tested by test/python/test_tundra_helper.py -->"
    start = text.index("```python\n", text.index(marker)) + len("```python\n")
    return text[start : text.index("```", start)]


class PyTorchTest(TempFolderTest):
    @classmethod
    def setUpClass(cls):
        cls.torch, reason = torch_or_skip_reason()
        if cls.torch is None:
            raise unittest.SkipTest(reason)

    def test_torch_save_and_load_round_trip_through_the_helper(self):
        torch = self.torch
        tundra = load_helper(trial_env(self.folder, resume=True))
        model = torch.nn.Linear(4, 3)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        model(torch.randn(2, 4)).sum().backward()
        optimizer.step()
        state = {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": 7}

        tundra.save_checkpoint(torch.save, state)
        loaded = tundra.load_checkpoint(lambda handle: torch.load(handle, map_location="cpu"))
        self.assertEqual(loaded["epoch"], 7)
        for key, tensor in state["model"].items():
            self.assertTrue(torch.equal(loaded["model"][key], tensor), key)
        restored = torch.nn.Linear(4, 3)
        restored.load_state_dict(loaded["model"])
        torch.optim.SGD(restored.parameters(), lr=0.1, momentum=0.9).load_state_dict(loaded["optimizer"])

        tundra.save_checkpoint(lambda handle: torch.save(model.state_dict(), handle), name="model.pt")
        self.assertTrue(torch.equal(tundra.load_checkpoint(torch.load, name="model.pt")["weight"], model.weight))
        self.assertEqual(self.checkpoint_files(), ["checkpoint", "model.pt"])

    def test_the_documented_example_freezes_and_thaws_at_the_next_epoch(self):
        example = documented_pytorch_example()
        params = {"lr": 0.05, "hidden": 16, "epochs": 100000}
        first = Trial(self, example, trial_env(self.folder, params=params), self.folder)
        first.expect(r'^@tundra \{"step": 2,')
        first.send(control("freeze"))
        self.assertEqual(first.wait(), 0, first.describe_stderr())
        frozen_at = max(json.loads(line[len("@tundra "):])["step"] for line in first.seen + first.rest_of_stdout() if line.startswith("@tundra "))
        self.assertEqual(self.checkpoint_files(), ["checkpoint"])

        second = Trial(self, example, trial_env(self.folder, params=params, resume=True), self.folder)
        first_resumed = json.loads(second.expect(r"^@tundra (\{.*\})$").group(1))
        self.assertEqual(first_resumed["step"], frozen_at + 1)
        second.send(control("stop"))
        self.assertEqual(second.wait(), 0, second.describe_stderr())


if __name__ == "__main__":
    unittest.main()
