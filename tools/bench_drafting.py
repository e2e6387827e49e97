"""Time ``draft_from_text`` on a long text (default about 10,000 words): ``python tools/bench_drafting.py [WORDS]``.

The text is the repository's own fixtures (notes, a review meeting) repeated, with the sample press report when
``../shared/samples`` is there; it prints one JSON line: words, seconds (best of 3), items found."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ssdesk.drafting import draft_from_text  # noqa: E402


def long_text(words: int) -> str:
    parts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/fixtures/drafting").glob("*.txt"))]
    sample = ROOT.parent / "shared" / "samples" / "hoang-mai-2024-02-27.txt"
    if sample.exists():
        parts.append(sample.read_text(encoding="utf-8"))
    chunks: list[str] = []
    n = 0
    while n < words:
        for p in parts:
            chunks.append(p)
            n += len(p.split())
    return "\n\n".join(chunks)


def main() -> int:
    words = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    text = long_text(words)
    draft_from_text("Sáng 27/2, Bí thư Quận ủy Hoàng Mai Nguyễn Xuân Linh phát biểu.")  # rules loaded once
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        draft = draft_from_text(text)
        ex = draft.to_json()
        best = min(best, time.perf_counter() - t0)
    counts = {k: len(ex["exchange"][k]) for k in ("attendees", "indicator_results", "statements", "findings",
                                                 "recommendations")}
    print(json.dumps({"words": len(text.split()), "seconds": round(best, 3), **counts}, ensure_ascii=False))
    return 0 if best < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
