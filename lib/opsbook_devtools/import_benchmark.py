"""The import benchmark of ``make bench``: a year of a mid-sized Taobao shop (1,000,000 order
rows, GB18030, Taobao's own layout) imported and summarised, against DuckDB computing the same
summary from the same orders saved as UTF-8.

Each side runs in its own process (so its peak memory is its own), three times; the median time
is shown. The summary: GMV, paid orders and average order value per day and channel, and the
repurchase rate. ``python -m opsbook_devtools.import_benchmark [ROWS]`` runs it alone.
"""

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from opsbook.core.paths import PROJECT_ROOT

ROWS = 1_000_000
RUNS = 3
FOLDER = PROJECT_ROOT / "build" / "bench"

BASELINE_SQL = """
CREATE TEMP TABLE o AS
SELECT trim(replace(replace("订单编号", '="', ''), '"', '')) AS order_id, "买家会员名" AS buyer,
       "买家实际支付金额" AS paid_amount, "订单创建时间" AS created_at,
       "订单付款时间" AS paid_at, "是否手机订单" AS channel
FROM read_csv('{path}');
"""
BASELINE_DAILY = """
SELECT created_at::DATE AS day, coalesce(channel, '') AS channel, sum(paid_amount) AS gmv,
       count(*) AS orders, sum(paid_amount) / count(*) AS aov
FROM o WHERE paid_at IS NOT NULL GROUP BY ALL ORDER BY ALL
"""
BASELINE_REPURCHASE = """
SELECT avg((n > 1)::INTEGER) * 100 FROM
  (SELECT buyer, count(*) AS n FROM o WHERE paid_at IS NOT NULL GROUP BY buyer)
"""


def sample_files(rows: int = ROWS) -> tuple[Path, Path]:
    """The export (GB18030) and the same orders as UTF-8, made once and kept in build/bench/."""
    from opsbook_devtools.export_samples import taobao_orders, write_csv

    export = FOLDER / f"taobao_orders_{rows}.csv"
    utf8 = FOLDER / f"taobao_orders_{rows}_utf8.csv"
    if not (export.exists() and utf8.exists()):
        print(f"making the {rows:,}-row sample export (once) …", flush=True)
        layout, _ = taobao_orders(rows, seed=2025)
        write_csv(layout, export, "gb18030")
        write_csv(layout, utf8, "utf-8")
    return export, utf8


def _peak_gb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the
    process that started it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024**2
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # kB, not Linux


def ours(path: str, home: str | None = None) -> dict:
    """Import ``path`` into an empty work folder (``home``, else a new one), then the standard
    summary."""
    import os

    os.environ["OPSBOOK_HOME"] = home or tempfile.mkdtemp(prefix="opsbook-bench-import-")
    from opsbook.imports import import_file
    from opsbook.imports.summary import standard_summary

    started = time.perf_counter()
    report = import_file(path)
    imported = time.perf_counter()
    daily, repurchase = standard_summary(report.platform)
    done = time.perf_counter()
    return {
        "import": imported - started,
        "summary": done - imported,
        "total": done - started,
        "days": len(daily),
        "repurchase": round(repurchase, 3),
        "peak_gb": _peak_gb(),
    }


def duckdb_baseline(path: str) -> dict:
    import duckdb

    started = time.perf_counter()
    con = duckdb.connect()
    con.execute(BASELINE_SQL.format(path=path))
    daily = con.execute(BASELINE_DAILY).df()
    repurchase = con.execute(BASELINE_REPURCHASE).fetchall()[0][0]
    done = time.perf_counter()
    return {
        "total": done - started,
        "days": len(daily),
        "repurchase": round(repurchase, 3),
        "peak_gb": _peak_gb(),
    }


def _in_child(function: str, path: Path) -> dict:
    code = (
        "import json, warnings; warnings.simplefilter('ignore'); "
        f"from opsbook_devtools.import_benchmark import {function}; "
        f"print(json.dumps({function}({str(path)!r})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(rows: int = ROWS) -> None:
    export, utf8 = sample_files(rows)
    mine = [_in_child("ours", export) for _ in range(RUNS)]
    base = [_in_child("duckdb_baseline", utf8) for _ in range(RUNS)]
    ours_total = statistics.median(r["total"] for r in mine)
    base_total = statistics.median(r["total"] for r in base)
    same = (mine[0]["days"], mine[0]["repurchase"]) == (base[0]["days"], base[0]["repurchase"])
    print(f"import {rows:,} Taobao order rows (GB18030, {export.stat().st_size / 1e6:.0f} MB), "
          f"median of {RUNS}:")  # fmt: skip
    print(f"  {'import':<44}{statistics.median(r['import'] for r in mine):>8.2f}s")
    print(f"  {'standard summary':<44}{statistics.median(r['summary'] for r in mine):>8.2f}s")
    for label, total, runs in (
        ("import + summary", ours_total, mine),
        ("DuckDB, same summary from UTF-8", base_total, base),
    ):
        peak = max(r["peak_gb"] for r in runs)
        print(f"  {label:<44}{total:>8.2f}s  peak {peak:.2f} GB")
    print(f"  {'ratio':<44}{ours_total / base_total:>8.2f}×  "
          f"(same figures: {'yes' if same else 'NO'})")  # fmt: skip


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else ROWS)
