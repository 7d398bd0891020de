"""Run test jobs at the same moment, each on its own database connection, as parallel requests would.

On PostgreSQL (CI, ``scripts/with-postgres``) the jobs really overlap, so row locks and
constraints are what keeps the invariants. The suite's SQLite database lives in shared-cache
memory, which answers a second writer with "table is locked" instead of waiting as the file
database (IMMEDIATE transactions, a busy timeout) does; there the jobs take turns through a lock
standing in for SQLite's own write lock, in whatever order they reach it.
"""

import contextlib
import threading

from django.db import close_old_connections, connection, connections


def run_together(jobs):
    """Start every job at once behind a barrier; return what each returned or raised, in order."""
    barrier = threading.Barrier(len(jobs))
    in_memory_sqlite = connection.vendor == "sqlite" and connection.is_in_memory_db()
    turn = threading.Lock() if in_memory_sqlite else contextlib.nullcontext()
    results: list = [None] * len(jobs)

    def worker(index, job):
        try:
            barrier.wait()
            with turn:
                results[index] = job()
        except Exception as exc:  # collected and asserted by the test
            results[index] = exc
        finally:
            # The thread's own connection must not outlive it, or the test database cannot be dropped.
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    close_old_connections()
    return results
