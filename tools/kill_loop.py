"""Kill-loop: every writing command of ``ssdesk``, SIGKILLed at random moments, again and again; after each kill the
case file passes ``integrity_check`` and holds everything a command reported done (issue 19).

    python tools/kill_loop.py --kills 300 [--seed 7] [--dir /tmp/kl] [--json out.json]

A *worker* process runs the commands in a loop through ``ssdesk.cli.main`` — followup (with evidence), import,
import-table (a tracker as CSV), merge (a laptop file's change), restore (onto a scratch file), encrypt and decrypt
(the case file itself), package, backup — and prints one line per command that returned 0: what it guarantees now
exists. The *driver* kills it at a random moment, then checks with plain SQLite (SQLCipher when encrypted),
never through ssdesk:

* the case file opens and passes ``integrity_check``, and holds every follow-up, imported visit, imported tracker
  row and merged recommendation reported so far (nothing lost), whether it is encrypted or not at that moment;
* a reported backup or package exists and passes ``integrity_check``; a package not reported left no file;
* the scratch file of restore is always a sound case file (the old one or the backup);
* after the next open by the worker, no temporary file is left beside the case file (``.NAME.*.tmp``…).

Prints (and with ``--json`` writes) the figures: kills, commands completed per kind, checks made, failures.
``tests/core/test_safety_kill_loop.py`` runs a CI-sized loop; the note's figures come from a long run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import select
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

PASSWORD = "mật khẩu kill-loop"
KINDS = ("followup", "import", "import-table", "merge", "restore", "encrypt", "decrypt", "package", "backup")


# -- the worker ----------------------------------------------------------------------------------------------------


def say(line: str) -> None:
    os.write(1, (line + "\n").encode())  # one write: a kill never leaves half a line that looks whole


def worker(root: Path, seed: int) -> None:
    """Run the writing commands forever, printing what each guarantees once it returned 0."""
    import contextlib
    import io

    from ssdesk.cli import main

    rng = random.Random(seed)
    case, laptop, scratch = root / "case.ssdesk", root / "laptop.ssdesk", root / "scratch.ssdesk"
    recs = json.loads((root / "recs.json").read_text())
    template = json.loads((root / "visit.json").read_text())
    os.environ["SSDESK_PASSWORD"] = PASSWORD

    def run(*argv: str) -> tuple[int, str]:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = main(["--lang", "en", *argv])
        return code, out.getvalue()

    say("ready")
    order = list(KINDS)
    while True:
        kind = rng.choice(order)
        if kind == "followup":
            ev = root / "evidence" / f"{uuid.uuid4().hex}.txt"
            ev.write_text("Biên bản kiểm tra " * rng.randint(1, 2000), encoding="utf-8")
            code, out = run("followup", str(case), rng.choice(recs), "--date", "2024-03-01",
                            "--note", f"Tiến độ {uuid.uuid4().hex[:6]}", "--evidence", str(ev))
            found = re.findall(r"[0-9a-f]{8}-[0-9a-f-]{27}", out)
            if code == 0 and found:
                say(f"followup {found[-1]}")
        elif kind == "import":
            # the same visit under new ids (its own and its parts'; references follow), catalog ids unchanged
            old = own_ids(template)
            text = json.dumps(template, ensure_ascii=False)
            for ident in old:
                text = text.replace(ident, str(uuid.uuid4()))
            data = json.loads(text)
            src = root / "imports" / f"{data['visit']['id']}.json"
            src.write_text(text, encoding="utf-8")
            code, _out = run("import", str(case), str(src))
            if code == 0:
                say(f"import {data['visit']['id']}")
        elif kind == "import-table":  # the office's tracker (CSV): one new recommendation per run, marked
            marker = uuid.uuid4().hex
            table = root / "imports" / f"tracker-{marker}.csv"
            table.write_text("STT,Nội dung kiến nghị,Đơn vị thực hiện,Thời hạn\n"
                             f"1,Tăng cường tuyên truyền {marker},Ban Thường vụ Quận ủy Hoàng Mai,30/06/2024\n",
                             encoding="utf-8")
            code, _out = run("import-table", str(case), str(table))
            if code == 0:
                say(f"import-table {marker}")
        elif kind == "merge":
            from ssdesk.store import Store

            try:
                with Store.open(laptop, create=False, user="laptop@kl") as lap:
                    visit = lap.visits.rows()[0].id
                    rec = lap.recommendations.add(visit, direction="request", text=f"Từ máy xách tay {uuid.uuid4()}")
            except Exception:  # noqa: BLE001 - a lock left by the killed worker is taken over next time
                continue
            code, _out = run("merge", str(case), str(laptop), "--take", "laptop")
            if code == 0:
                say(f"merge {rec.id}")
        elif kind == "restore":
            backups = sorted((root / "backups").rglob("*.ssdesk"))
            if backups:
                code, _out = run("restore", str(rng.choice(backups)), str(scratch))
                if code == 0:
                    say("restore -")
        elif kind in ("encrypt", "decrypt"):
            code, _out = run(kind, str(case))
            if code == 0:
                say(f"{kind} -")
        elif kind == "package":
            out_path = root / "packages" / f"{uuid.uuid4().hex}.ssdesk"
            code, _out = run("package", str(case), "--visit", recs_visit(root), "-o", str(out_path))
            if code == 0:
                say(f"package {out_path.name}")
        elif kind == "backup":
            code, out = run("backup", str(case), "--to", str(root / "backups"))
            found = re.findall(r"\S+\.ssdesk", out)
            if code == 0 and found:
                say(f"backup {found[-1]}")


def own_ids(data: Any) -> list[str]:
    """Every value of an ``id`` key in the exchange JSON: the visit's own records, at any depth."""
    if isinstance(data, dict):
        here = [data["id"]] if isinstance(data.get("id"), str) else []
        return here + [i for v in data.values() for i in own_ids(v)]
    if isinstance(data, list):
        return [i for v in data for i in own_ids(v)]
    return []


def recs_visit(root: Path) -> str:
    return (root / "visit_id").read_text().strip()


# -- the driver ----------------------------------------------------------------------------------------------------


def connect(path: Path) -> Any:
    """Plain SQLite, or SQLCipher with the loop's password when the file is encrypted (not through ssdesk)."""
    with open(path, "rb") as fh:
        plain = fh.read(16) == b"SQLite format 3\x00"
    if plain:
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    from sqlcipher3 import dbapi2

    con = dbapi2.connect(f"file:{path}?mode=ro", uri=True)
    con.execute("PRAGMA key = '" + PASSWORD.replace("'", "''") + "'")
    return con


def ids(con: Any, sql: str) -> set[str]:
    return {r[0] for r in con.execute(sql)}


def setup(root: Path) -> None:
    """The case file (the sample session), its visit as exchange JSON, a laptop package, one backup."""
    from ssdesk.cli import main
    from ssdesk.store import Store

    for sub in ("evidence", "imports", "packages", "backups"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    case = root / "case.ssdesk"
    os.environ.pop("SSDESK_PASSWORD", None)
    with Store.open(case, user="setup@kl") as store:
        from ssdesk.demo import build_demo

        visit = build_demo(store)
        recs = [r.id for r in store.recommendations.rows()]
    (root / "visit_id").write_text(visit)
    (root / "recs.json").write_text(json.dumps(recs))
    quiet = {"stdout": subprocess.DEVNULL}
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["--lang", "en", "export", str(case), "--visit", visit, "-o", str(root / "visit.json")]) == 0
    subprocess.run([sys.executable, "-m", "ssdesk", "package", str(case), "--visit", visit, "-o",
                    str(root / "laptop.ssdesk")], check=True, **quiet)  # type: ignore[call-overload]
    subprocess.run([sys.executable, "-m", "ssdesk", "backup", str(case), "--to", str(root / "backups")],
                   check=True, **quiet)  # type: ignore[call-overload]
    with Store.open(root / "scratch.ssdesk", user="setup@kl"):
        pass


def run_once(proc: subprocess.Popen[bytes], wait: float) -> list[str]:
    """Let the worker run ``wait`` seconds after its ``ready`` line, SIGKILL it, return its complete lines."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    out = b""
    deadline = time.monotonic() + 60.0
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            if b"ready" not in out and b"ready" in out + chunk:
                deadline = time.monotonic() + wait
            out += chunk
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    while chunk := os.read(fd, 65536):
        out += chunk
    return [line for line in out.decode().split("\n")[:-1] if line and line != "ready"]


def check(root: Path, reported: dict[str, set[str]]) -> list[str]:
    """Everything the loop guarantees, checked now; returns the problems found (empty: all good)."""
    problems: list[str] = []
    case = root / "case.ssdesk"
    try:
        con = connect(case)
        try:
            if con.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
                problems.append("case file fails integrity_check")
            lost = {
                "followup": reported["followup"] - ids(con, "SELECT id FROM follow_up"),
                "import": reported["import"] - ids(con, "SELECT id FROM visit"),
                "merge": reported["merge"] - ids(con, "SELECT id FROM recommendation"),
                "import-table": {m for m in reported["import-table"]
                                 if con.execute("SELECT count(*) FROM recommendation WHERE text LIKE ?",
                                                (f"%{m}%",)).fetchone()[0] == 0},
            }
        finally:
            con.close()
        problems += [f"{kind}: {len(gone)} reported but lost" for kind, gone in lost.items() if gone]
    except Exception as exc:  # noqa: BLE001 - any failure to read is a finding
        problems.append(f"case file unreadable: {exc}")
    for name in reported["backup"]:  # rotation keeps the newest ten of a day: an older one may be gone
        if Path(name).exists() and not _sound(Path(name)):
            problems.append(f"reported backup {name} unsound")
    if reported["backup"] and not Path(max(reported["backup"], key=lambda n: Path(n).name)).exists():
        problems.append("the newest reported backup is missing")
    for name in reported["package"]:
        if not _sound(root / "packages" / name):
            problems.append(f"reported package {name} missing or unsound")
    for path in (root / "packages").glob("*.ssdesk"):
        if path.name not in reported["package"] and _sound(path) is False and path.stat().st_size:
            problems.append(f"half-written package left: {path.name}")
    if not _sound(root / "scratch.ssdesk"):
        problems.append("restore target unsound")
    return problems


def _sound(path: Path) -> bool:
    try:
        con = connect(path)
        try:
            return bool(con.execute("PRAGMA integrity_check").fetchall() == [("ok",)])
        finally:
            con.close()
    except Exception:  # noqa: BLE001
        return False


def leftovers(root: Path) -> list[str]:
    """Temporary files beside the case file: must be gone once the worker opened it again."""
    return sorted(p.name for p in root.glob(".case.ssdesk.*"))


def drive(root: Path, kills: int, seed: int, max_wait: float, log: Any = None) -> dict[str, Any]:
    setup(root)
    rng = random.Random(seed)
    reported: dict[str, set[str]] = {k: set() for k in KINDS}
    done: dict[str, int] = dict.fromkeys(KINDS, 0)
    failures: list[str] = []
    left_behind = 0
    started = time.monotonic()
    env = {**os.environ, "SSDESK_PASSWORD": PASSWORD}
    for n in range(1, kills + 1):
        proc = subprocess.Popen([sys.executable, __file__, "worker", str(root), str(rng.randrange(2**31))],
                                stdout=subprocess.PIPE, env=env)
        lines = run_once(proc, rng.random() * max_wait)
        for line in lines:
            kind, _, detail = line.partition(" ")
            done[kind] = done.get(kind, 0) + 1
            reported.setdefault(kind, set()).add(detail)
        if leftovers(root):
            left_behind += 1
        for problem in check(root, reported):
            failures.append(f"kill {n}: {problem}")
        if log is not None and n % 10 == 0:
            log(f"{n} kills, {sum(done.values())} commands done, {len(failures)} failures")
    # one last open: leftovers of the last kill are cleaned by the next writer
    from ssdesk.store import Store

    os.environ["SSDESK_PASSWORD"] = PASSWORD
    Store.open(root / "case.ssdesk").close()
    final_leftovers = leftovers(root)
    if final_leftovers:
        failures.append(f"left beside the case file after the next open: {final_leftovers}")
    return {"kills": kills, "seconds": round(time.monotonic() - started, 1), "done": done,
            "kills_with_temporary_files_beside": left_behind, "failures": failures}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "worker":
        worker(Path(args[1]), int(args[2]))
        return 0
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--kills", type=int, default=40)
    p.add_argument("--seed", type=int, default=20240227)
    p.add_argument("--max-wait", type=float, default=4.0, help="seconds after ready before the kill, at most")
    p.add_argument("--dir", help="work folder (default: a new temporary one)")
    p.add_argument("--json", help="write the figures here")
    ns = p.parse_args(args)
    import tempfile

    root = Path(ns.dir) if ns.dir else Path(tempfile.mkdtemp(prefix="ssdesk-kill-loop-"))
    root.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("SSDESK_BACKUP_DIR", str(root / "auto-backups"))
    result = drive(root, ns.kills, ns.seed, ns.max_wait, log=lambda m: print(m, file=sys.stderr, flush=True))
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if ns.json:
        Path(ns.json).write_text(text + "\n", encoding="utf-8")
    return 1 if result["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
