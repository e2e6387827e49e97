"""The search commands: ``search`` (text and JSON, one-line errors), ``reindex``, and a tiny ``bench`` run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ssdesk.cli import main
from ssdesk.search.bench import run_bench
from ssdesk.search.commands import bench_table


@pytest.fixture
def demo_file(demo_copy: tuple[Path, str]) -> Path:
    return demo_copy[0]


def test_search_json_and_text(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["search", str(demo_file), "hoang mai", "--json", "--limit", "5", "--today", "2025-06-30"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert 0 < len(hits) <= 5 and {"entity", "id", "visit_id", "title", "snippet", "spans", "rank"} <= set(hits[0])
    assert main(["search", str(demo_file), "dang uy"]) == 0
    assert "[" in capsys.readouterr().out


def test_bad_query_is_one_line_and_exit_1(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["search", str(demo_file), "due:<2025-13-40"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "due:<2025-13-40" in err


def test_reindex(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["reindex", str(demo_file)]) == 0
    out = capsys.readouterr()
    assert "100.0%" in out.err and "indexed" in out.out


def test_bench_smoke(tmp_path: Path) -> None:
    result = run_bench("tiny", keep=str(tmp_path))
    for key in ("build_s", "open_first_page_ms", "search_p50_ms", "search_p95_ms", "search_raw_p95_ms",
                "fts5_bm25_p95_ms", "filter_overdue_unit_p50_ms", "dashboard_p50_ms", "minutes_pdf_ms",
                "followup_pdf_ms", "peak_rss_mb"):
        assert isinstance(result[key], float), key
    assert result["recommendations"] == 100 and result["followup_pdf_rows"] == 100
    table = bench_table({"tiny": result}).splitlines()
    assert table[0].split() == ["metric", "tiny"]
    assert any(line.split() == ["recommendations", "100"] for line in table)
