"""Helper process for the crash tests: adds recommendations and follow-ups through the services, forever.

Prints ``<kind> <id>`` on stdout (flushed) right after each commit, so the test knows exactly what was committed
when it SIGKILLs this process. Usage: ``python crash_writer.py CASEFILE VISIT_ID``.
"""

from __future__ import annotations

import os
import sys

from ssdesk.store import Store


def say(kind: str, ident: str) -> None:
    """One unbuffered write per line: a kill can never leave half a report that looks whole."""
    os.write(1, f"{kind} {ident}\n".encode())


def main(path: str, visit_id: str) -> None:
    store = Store.open(path, create=False, user="crash@test")
    say("open", "-")
    n = 0
    while True:
        n += 1
        rec = store.recommendations.add(visit_id, direction="request", text=f"Yêu cầu số {n} " + "x" * (n % 50))
        say("rec", rec.id)
        follow = store.recommendations.add_progress(rec.id, date="2024-03-01", note=f"Tiến độ {n}")
        say("fu", follow.id)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
