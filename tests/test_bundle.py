"""Smoke test of the standalone app (PyInstaller folder), run as a user would on a machine without Python.

Slow (skipped unless ``--run-slow`` or ``SSDESK_SLOW=1``): builds the bundle with ``build_installer.py
--skip-package`` (needs ``pip install -e .[build]``), or uses the one named by ``SSDESK_BUNDLE=path/to/dist/ssdesk``
(what tools/ci_bundle.sh does). Every command runs in a temporary folder with an environment holding only PATH (with no
Python on it), HOME (a temporary one) and ``QT_QPA_PLATFORM=offscreen``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
EXE_NAME = "ssdesk.exe" if sys.platform == "win32" else "ssdesk"
NOTES = """Biên bản làm việc ngày 27/02/2024 tại Quận ủy Hoàng Mai.
Đoàn giám sát số 1 do đồng chí Nguyễn Văn An, Phó Ban Thường trực Ban Tuyên giáo Thành ủy làm trưởng đoàn.
Tỷ lệ hộ nghèo giảm còn 0,5%. Đề nghị Quận ủy Hoàng Mai tăng cường công tác tuyên truyền, hoàn thành trước 30/6/2024.
"""


def executable(bundle: Path) -> Path:
    if bundle.suffix == ".app":
        return bundle / "Contents" / "MacOS" / "ssdesk"
    return bundle / EXE_NAME


@pytest.fixture(scope="module")
def exe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("SSDESK_BUNDLE")
    if given:
        bundle = Path(given).expanduser().resolve()
    else:
        if importlib.util.find_spec("PyInstaller") is None:
            pytest.skip("PyInstaller is not installed (pip install -e '.[build]'), and SSDESK_BUNDLE is not set")
        out = tmp_path_factory.mktemp("bundle")
        subprocess.run([sys.executable, str(ROOT / "build_installer.py"), "--skip-package", "--dist", str(out / "dist"),
                        "--work", str(out / "work")], check=True, timeout=1800)
        bundle = out / "dist" / ("ssdesk.app" if sys.platform == "darwin" else "ssdesk")
    path = executable(bundle)
    assert path.is_file(), f"no executable at {path}"
    return path


def _no_python_path(empty: Path) -> str:
    """PATH without any folder that holds a Python, so nothing can fall back on one."""
    names = ("python", "python3", "python.exe", "python3.exe", "py.exe")
    keep = [d for d in os.environ.get("PATH", "").split(os.pathsep)
            if d and Path(d).is_dir() and not any((Path(d) / n).exists() for n in names)]
    return os.pathsep.join([str(empty), *keep])


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("run")


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("home")
    empty = tmp_path_factory.mktemp("emptybin")
    clean = {"PATH": _no_python_path(empty), "HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    if sys.platform == "win32":  # Windows needs these to start any program; they hold no Python
        clean.update({k: os.environ[k] for k in ("SYSTEMROOT", "TEMP", "TMP", "USERPROFILE", "APPDATA",
                                                 "LOCALAPPDATA") if k in os.environ})
    return clean


class Runner:
    def __init__(self, exe: Path, cwd: Path, env: dict[str, str]) -> None:
        self.exe, self.cwd, self.env = exe, cwd, env
        self.timings: dict[str, float] = {}

    def __call__(self, *args: str, timeout: float = 180, extra_env: dict[str, str] | None = None,
                 expect: int = 0) -> subprocess.CompletedProcess[str]:
        started = time.monotonic()
        done = subprocess.run([str(self.exe), *args], cwd=self.cwd, env={**self.env, **(extra_env or {})},
                              capture_output=True, text=True, encoding="utf-8", timeout=timeout)
        name = "gui" if not args or args[0].endswith(".ssdesk") else args[0]
        self.timings[name] = time.monotonic() - started
        assert done.returncode == expect, f"ssdesk {' '.join(args)} → {done.returncode}\n{done.stdout}\n{done.stderr}"
        return done


@pytest.fixture(scope="module")
def ssdesk(exe: Path, work: Path, env: dict[str, str]) -> Iterator[Runner]:
    runner = Runner(exe, work, env)
    yield runner
    print("\nfrozen app timings: " + ", ".join(f"{k} {v:.2f} s" for k, v in runner.timings.items()))


@pytest.fixture(scope="module")
def case(ssdesk: Runner, work: Path) -> Path:
    ssdesk("demo", "X.ssdesk")
    path = work / "X.ssdesk"
    assert path.is_file()
    return path


def visit_id(ssdesk: Runner) -> str:
    rows: list[dict[str, Any]] = json.loads(ssdesk("list", "X.ssdesk", "visits", "--json").stdout)
    assert rows, "the demo file has no visit"
    return str(rows[0]["id"])


def test_environment_has_no_python(env: dict[str, str]) -> None:
    assert set(env) <= {"PATH", "HOME", "QT_QPA_PLATFORM", "SYSTEMROOT", "TEMP", "TMP", "USERPROFILE", "APPDATA",
                        "LOCALAPPDATA"}
    for folder in env["PATH"].split(os.pathsep):
        assert not (Path(folder) / "python3").exists()


def test_help_and_version(ssdesk: Runner) -> None:
    assert "demo" in ssdesk("--lang", "en", "--help").stdout
    assert "demo" in ssdesk("--help").stdout  # Vietnamese by default: the .mo catalogue is in the bundle
    assert ssdesk("--version").stdout.startswith("ssdesk ")


def test_demo_and_check(ssdesk: Runner, case: Path) -> None:
    done = ssdesk("check", "X.ssdesk", "--json")
    report = json.loads(done.stdout)
    assert report  # schema version and counts: the migrations ran from the bundle's scripts
    ssdesk("check", "X.ssdesk")


def test_minutes_pdf_with_embedded_fonts(ssdesk: Runner, case: Path, work: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    ssdesk("export", "X.ssdesk", "--visit", visit_id(ssdesk), "--kind", "minutes", "--format", "pdf", "-o", "m.pdf")
    reader = pypdf.PdfReader(str(work / "m.pdf"))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    assert "BIÊN BẢN" in text
    embedded: set[str] = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {}).get_object()
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                embedded.add(str(font["/BaseFont"]))
    assert any("LiberationSerif" in name for name in embedded), embedded


def test_docx_and_xlsx(ssdesk: Runner, case: Path, work: Path) -> None:
    ssdesk("export", "X.ssdesk", "--visit", visit_id(ssdesk), "--kind", "conclusion", "--format", "docx",
           "-o", "c.docx")
    with zipfile.ZipFile(work / "c.docx") as z:  # python-docx's default template travelled with the bundle
        assert "word/document.xml" in z.namelist()
    ssdesk("export", "X.ssdesk", "--kind", "followup", "--format", "xlsx", "-o", "f.xlsx")
    with zipfile.ZipFile(work / "f.xlsx") as z:
        assert "xl/workbook.xml" in z.namelist()


def test_json_round_trip_validates_against_the_schema(ssdesk: Runner, case: Path, work: Path) -> None:
    ssdesk("export", "X.ssdesk", "--visit", visit_id(ssdesk), "--format", "json", "-o", "v.json")
    ssdesk("import", "Y.ssdesk", "v.json")  # jsonschema + visit.schema.json inside the bundle
    (work / "bad.json").write_text('{"format": "nope"}', encoding="utf-8")
    done = ssdesk("import", "Z.ssdesk", "bad.json", expect=1)
    assert "Traceback" not in done.stderr


def test_search_and_draft(ssdesk: Runner, case: Path, work: Path) -> None:
    ssdesk("search", "X.ssdesk", "hoang mai", "--json")
    (work / "notes.txt").write_text(NOTES, encoding="utf-8")
    draft = json.loads(ssdesk("draft", "notes.txt", "--json").stdout)  # the drafting dictionaries in resources/
    assert draft


def test_gui_starts_offscreen_and_quits(ssdesk: Runner, case: Path) -> None:
    done = ssdesk("X.ssdesk", timeout=180, extra_env={"SSDESK_QUIT_WHEN_READY": "1"})
    assert "ssdesk: ready" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_office_server_database(ssdesk: Runner, pg_cluster: Any, work: Path) -> None:
    """The frozen app carries the PostgreSQL driver (psycopg with its own libpq): it sets up an empty database on a
    server that asks for a password (scram-sha-256 over TCP, the password from libpq's PGPASSWORD), fills it, lists,
    searches it and prints the minutes from it."""
    import uuid

    database = pg_cluster.new_database()
    user = "frozen_" + uuid.uuid4().hex[:6]
    url = pg_cluster.password_user(user, "Mật khẩu 1", database)
    refused = ssdesk("list", url, "visits", expect=1)
    assert "PGPASSWORD" in refused.stderr and "Traceback" not in refused.stderr
    password = {"PGPASSWORD": "Mật khẩu 1"}
    ssdesk("--db", url, "demo", extra_env=password)
    rows = json.loads(ssdesk("list", url, "visits", "--json", extra_env=password).stdout)
    assert len(rows) == 1
    hits = json.loads(ssdesk("search", url, "hoang mai", "--json", extra_env=password).stdout)
    assert hits
    ssdesk("export", url, "--visit", str(rows[0]["id"]), "--kind", "minutes", "--format", "pdf", "-o", "server.pdf",
           extra_env=password)
    assert (work / "server.pdf").read_bytes().startswith(b"%PDF")
