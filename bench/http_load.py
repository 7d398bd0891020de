"""HTTP load at a fixed rate against a running server, with `hey` (Debian package).

For each endpoint: 200 requests/s for BENCH_SECONDS (default 20) from 20 connections,
reporting achieved requests/s, p50 and p99 and the status codes. Target on a 2-core
machine: p99 ≤ 100 ms at 200 requests/s.
"""

import os
import re
import subprocess
import sys

BASE = os.environ.get("BENCH_BASE_URL", "http://127.0.0.1:8765")
SECONDS = os.environ.get("BENCH_SECONDS", "20")
RATE_PER_CONNECTION = 10
CONNECTIONS = 20

ENDPOINTS = {
    "policy list, 3 filters (page)": "/policies/?district=11620&age=A2039&category=HOUSING",
    "policy list, 3 filters (API)": "/api/policies?district=11620&age=A2039&category=HOUSING",
    "programme near-search (API)": "/api/programs?near=37.4784,126.9516&radius=2000",
    "search (API)": "/api/search?q=%EB%B3%91%EC%9B%90%EB%8F%99%ED%96%89",
}


def run(label: str, path: str) -> str:
    out = subprocess.run(
        ["hey", "-z", f"{SECONDS}s", "-c", str(CONNECTIONS), "-q", str(RATE_PER_CONNECTION), BASE + path],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
    p50 = float(re.search(r"50%+ in ([\d.]+) secs", out).group(1)) * 1000
    p99 = float(re.search(r"99%+ in ([\d.]+) secs", out).group(1)) * 1000
    codes = " ".join(f"{code}×{count}" for code, count in re.findall(r"\[(\d{3})\]\s+(\d+) responses", out))
    return f"{label:34s} {float(rps):7.1f} req/s  p50 {p50:6.1f} ms  p99 {p99:6.1f} ms  [{codes}]"


if __name__ == "__main__":
    for label, path in ENDPOINTS.items():
        print(run(label, path), flush=True)
    sys.exit(0)
