"""Every command, hostile arguments: a one-line message and an exit code, never a traceback (issue 19 §7).

Hypothesis picks a command, then values for its positionals and a random subset of its options (read from the real
parser, so a new command or option is covered without touching this test) from a pool of hostile values: devices,
FIFOs, loops of symbolic links, empty and foreign files, lone surrogates (what Linux hands Python for invalid UTF-8
in argv), absurd dates, bad URLs, empty passwords. A command that raises, hangs or prints a traceback fails."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import shutil
import signal
import sqlite3
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssdesk.cli import build_parser, main

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, devices and SIGALRM are POSIX")

SKIP = {"gui", "bench"}  # the GUI, and a benchmark that builds files of 1,000+ visits by design
EXAMPLES = int(os.environ.get("SSDESK_HOSTILE_EXAMPLES", "100"))


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    assert main(["--lang", "en", "demo", str(root / "case.ssdesk")]) == 0
    return root / "case.ssdesk"


def workspace(root: Path, pristine: Path) -> dict[str, str]:
    """Hostile things to name, in ``root``: returns label → path."""
    shutil.copyfile(pristine, root / "case.ssdesk")
    os.chmod(root / "case.ssdesk", 0o600)
    (root / "empty.ssdesk").write_bytes(b"")
    con = sqlite3.connect(root / "foreign.db")
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    sqlite3.connect(root / "blank.db").close()  # an SQLite file with no tables
    (root / "notes.txt").write_text("Buổi làm việc ngày 27/02/2024 với Quận ủy Hoàng Mai.\n", encoding="utf-8")
    (root / "binary.bin").write_bytes(bytes(range(256)) * 40)
    (root / "surrogate.json").write_text('{"format": "ssdesk-visit", "version": 1, "visit": {"title": "\\ud800"}}')
    (root / "deep.json").write_text("[" * 100000)
    (root / "array.json").write_text("[1, 2]")
    os.mkfifo(root / "fifo")
    (root / "folder").mkdir()
    os.symlink(root / "loop-a", root / "loop-b")
    os.symlink(root / "loop-b", root / "loop-a")
    (root / "pw.txt").write_text("\n")
    with contextlib.suppress(OSError):  # a private /dev/null (character device 1,3): root may replace it
        os.mknod(root / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    out = {p.name: str(p) for p in root.iterdir()}
    out.update({"missing": str(root / "missing.ssdesk"), "missing-dir": str(root / "no" / "such" / "x.ssdesk")})
    return out


WORDS = st.sampled_from(["", "-", "x", "-1", "0", "9999-12-31", "0001-01-01", "2024-02-30", "2024-02-27",
                         "\udcff", "a\udcffb", "new", "done", "Đã hoàn thành", "cannot_do", " ", "\t",
                         "x" * 3000, "status:overdue unit:\"", "due:<9999-12-31", "1e309", "NaN",
                         "postgresql://[bad", "postgresql://u@127.0.0.1:1/d", "sqlite:///x", "ghost"])


@st.composite
def command_lines(draw: st.DrawFn, paths: list[str], parser: argparse.ArgumentParser) -> list[str]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))  # noqa: SLF001
    name = draw(st.sampled_from(sorted(set(sub.choices) - SKIP)))
    cmd = sub.choices[name]
    value = st.one_of(st.sampled_from(paths), WORDS)
    argv = [name]
    for action in cmd._actions:  # noqa: SLF001
        if isinstance(action, argparse._HelpAction):  # noqa: SLF001
            continue
        if not action.option_strings:
            argv.append(draw(st.sampled_from(list(action.choices)) if action.choices and draw(st.booleans())
                             else value))
        elif draw(st.integers(0, 3)) == 0:
            flag = action.option_strings[-1]
            if action.nargs == 0:
                argv.append(flag)
            elif action.choices and draw(st.booleans()):
                argv += [flag, draw(st.sampled_from(list(action.choices)))]
            else:
                argv += [flag, draw(value)]
    if draw(st.integers(0, 5)) == 0:
        argv = ["--db", draw(WORDS), *argv]
    return argv


class Hung(Exception):
    pass


@contextlib.contextmanager
def hostile_process(env: dict[str, str | None]) -> Iterator[None]:
    """No terminal, empty standard input, the given environment, and an alarm for a command that would hang."""
    saved_env = {k: os.environ.get(k) for k in env}
    saved_stdin = sys.stdin

    def alarm(*_args: Any) -> None:
        raise Hung()

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(30)
    try:
        for k, v in env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        sys.stdin = io.TextIOWrapper(io.BytesIO(b""))
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
        sys.stdin = saved_stdin
        for k, v in saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@pytest.mark.heavy
def test_every_command_answers_hostile_arguments_with_a_message(pristine: Path, tmp_path_factory:
                                                                pytest.TempPathFactory,
                                                                capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    parser, _handlers = build_parser()
    base = tmp_path_factory.mktemp("runs")
    (base / "probe").mkdir()
    names = list(workspace(base / "probe", pristine))
    shutil.rmtree(base / "probe")
    counter = iter(range(10**6))
    codes: list[int] = []
    placeholders = [f"@{n}" for n in names]

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(argv=command_lines(placeholders, parser), password=st.sampled_from([None, "", "mật khẩu", "\udcff"]))
    def run(argv: list[str], password: str | None) -> None:
        root = base / str(next(counter))
        root.mkdir()
        paths = workspace(root, pristine)
        real = [paths[a[1:]] if a.startswith("@") and a[1:] in paths else a for a in argv]
        capsysbinary.readouterr()
        here = os.getcwd()
        os.chdir(root)  # a bare word used as a path lands here, never in the repository
        with hostile_process({"SSDESK_PASSWORD": password, "SSDESK_PASSWORD_FILE": None}):
            try:
                code = main(["--lang", "en", *real])
            except Hung:
                pytest.fail(f"hung: {real!r}")
            except BaseException as exc:  # noqa: BLE001 - the point: nothing may escape main()
                pytest.fail(f"{type(exc).__name__}: {exc} from {real!r}")
            finally:
                os.chdir(here)
        raw_out, raw_err = capsysbinary.readouterr()  # bytes: a file name of invalid UTF-8 is printed as given
        out, err = raw_out.decode(errors="replace"), raw_err.decode(errors="replace")
        assert code in (0, 1, 2, 3), (code, real)
        codes.append(code)
        assert "Traceback" not in err + out and "unexpected problem" not in err, (real, err)
        if code:
            assert (err + out).strip(), f"exit {code} without a message: {real!r}"  # --json: in the JSON
        shutil.rmtree(root, ignore_errors=True)

    run()
    print(f"exit codes over {len(codes)} command lines:", {c: codes.count(c) for c in sorted(set(codes))})
    assert sum(c != 2 for c in codes) * 4 >= len(codes)  # a good share gets past the parser into a command


@pytest.mark.heavy
def test_the_cases_found_by_hand_are_messages(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The reported ones, pinned: each prints one line naming the problem."""
    case = tmp_path / "case.ssdesk"
    assert main(["demo", str(case)]) == 0
    visit = re.findall(r"[0-9a-f]{8}-[0-9a-f-]{27}", capsys.readouterr().out)[-1]
    exported = tmp_path / "v.json"
    assert main(["export", str(case), "--visit", visit, "-o", str(exported)]) == 0
    data = json.loads(exported.read_text(encoding="utf-8"))
    data["visit"]["title"] = "\ud800 Buổi làm việc"
    data["visit"].pop("id", None)
    exported.write_text(json.dumps(data), encoding="utf-8")
    os.mkfifo(tmp_path / "fifo")
    os.symlink(tmp_path / "a", tmp_path / "b")
    os.symlink(tmp_path / "b", tmp_path / "a")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    monkeypatch.setenv("SSDESK_PASSWORD", "")
    cases = [
        (["import", str(case), str(exported)], None),
        (["list", str(tmp_path / "a"), "visits"], "loop"),
        (["list", "/dev/null", "visits"], "ordinary file"),
        (["list", str(tmp_path / "fifo"), "visits"], "ordinary file"),
        (["check", str(tmp_path / "fifo")], None),
        (["encrypt", str(case)], "password"),
        (["remind", str(case), "--unit", "x", "--today", "9999-12-31", "-o", str(tmp_path / "r.pdf")], None),
        (["--db", "postgresql://[bad", "list", "visits"], None),
    ]
    for argv, words in cases:
        with hostile_process({}):
            code = main(["--lang", "en", *argv])
        err = capsys.readouterr().err
        assert code in (0, 1, 2), argv
        assert "Traceback" not in err and "unexpected problem" not in err, (argv, err)
        assert code == 0 or err.count("\n") >= 1, argv
        if words:
            assert words in err.lower(), (argv, err)
