#!/usr/bin/env python3
"""Compares the speed of ilgi's native CLV fit with the Python `lifetimes`
package on the same data, in the same run.

Usage:
    pip install lifetimes==0.11.3      # this script installs nothing
    cargo build --release -p ilgi-cli
    python3 tools/bench_clv.py target/release/ilgi [--runs 7]

Data: the CDNOW sample that `lifetimes` ships (`CDNOW_sample.txt`: 6,919
purchases of 2,357 customers, January 1997 to June 1998; columns: customer
id, sample id, date YYYYMMDD, quantity, amount). The script writes it as a
CSV `customer_id,date,amount` (ISO dates) into a temporary folder that is
deleted at the end; no data file is kept.

What is timed (median of --runs, after one warm-up run each):
- Python: reading that CSV with pandas, `summary_data_from_transaction_data`
  (freq="W", with the amount as monetary value), `BetaGeoFitter().fit` and
  `GammaGammaFitter().fit` on the repeat buyers, inside one warm Python
  process (imports not timed);
- native: the whole `ilgi clv --transactions FILE --period week --json`
  process (start-up, reading and checking the CSV, summary, both fits and
  the JSON output), timed from here as a subprocess.

Both use the last purchase date as the end of observation. Printed lines:
`BENCH clv_python_ms X`, `BENCH clv_native_ms Y`, `BENCH clv_speedup Z`
(= X / Y), then both parameter sets and their largest relative difference.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ilgi", help="path to the release build of the `ilgi` binary")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per side (default 7)")
    args = parser.parse_args()
    if not (os.path.isfile(args.ilgi) and os.access(args.ilgi, os.X_OK)):
        print(f"error: {args.ilgi} is not an executable; build it with "
              "`cargo build --release -p ilgi-cli`", file=sys.stderr)
        return 1
    try:
        import numpy as np
        import pandas as pd
        import lifetimes
        import lifetimes.datasets
        from lifetimes import BetaGeoFitter, GammaGammaFitter
        from lifetimes.utils import summary_data_from_transaction_data
    except ImportError as e:
        print(f"error: {e}; install it with `pip install lifetimes==0.11.3`", file=sys.stderr)
        return 1

    folder = tempfile.mkdtemp(prefix="ilgi-bench-clv-")
    try:
        source = os.path.join(os.path.dirname(lifetimes.datasets.__file__), "CDNOW_sample.txt")
        raw = pd.read_csv(source, sep=r"\s+", header=None,
                          names=["customer_id", "sample_id", "date", "quantity", "amount"],
                          dtype={"customer_id": str, "date": str})
        csv_path = os.path.join(folder, "cdnow_transactions.csv")
        pd.DataFrame({
            "customer_id": raw["customer_id"],
            "date": pd.to_datetime(raw["date"], format="%Y%m%d").dt.strftime("%Y-%m-%d"),
            "amount": raw["amount"].map(lambda a: f"{a:.2f}"),
        }).to_csv(csv_path, index=False)
        print(f"data: {len(raw)} purchases of {raw['customer_id'].nunique()} customers "
              f"(lifetimes {lifetimes.__version__}, pandas {pd.__version__})")

        def python_fit():
            tx = pd.read_csv(csv_path, dtype={"customer_id": str}, parse_dates=["date"])
            summary = summary_data_from_transaction_data(
                tx, "customer_id", "date", monetary_value_col="amount", freq="W")
            bg = BetaGeoFitter()
            bg.fit(summary["frequency"], summary["recency"], summary["T"])
            repeat = summary[(summary["frequency"] > 0) & (summary["monetary_value"] > 0)]
            gg = GammaGammaFitter()
            gg.fit(repeat["frequency"], repeat["monetary_value"])
            return summary, bg, gg

        def native_fit():
            done = subprocess.run(
                [args.ilgi, "clv", "--transactions", csv_path, "--period", "week", "--json"],
                capture_output=True, text=True)
            if done.returncode != 0:
                raise RuntimeError(f"ilgi exited with {done.returncode}: {done.stderr.strip()}")
            return json.loads(done.stdout)

        def median_ms(run):
            result = run()  # warm-up
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                result = run()
                times.append((time.perf_counter() - start) * 1000)
            return statistics.median(times), result

        python_ms, (summary, bg, gg) = median_ms(python_fit)
        native_ms, native = median_ms(native_fit)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    # lifetimes keeps the mean negative log-likelihood of data whose times
    # it rescaled before fitting, which differs from the likelihood of the
    # data in weeks by a constant; evaluate its (private) likelihood function
    # at the fitted parameters on the data in weeks instead, as a total.
    params = [float(bg.params_[name]) for name in ("r", "alpha", "a", "b")]
    mean_nll = BetaGeoFitter._negative_log_likelihood(
        np.log(params), summary["frequency"].to_numpy(), summary["recency"].to_numpy(),
        summary["T"].to_numpy(), np.ones(len(summary)), 0.0)
    python = {
        "bgnbd": {
            **dict(zip(("r", "alpha", "a", "b"), params)),
            "log_likelihood": float(-mean_nll * len(summary)),
        },
        "gamma_gamma": {name: float(gg.params_[name]) for name in ("p", "q", "v")},
        "customers": int(len(summary)),
    }
    print(f"BENCH clv_python_ms {python_ms:.1f}")
    print(f"BENCH clv_native_ms {native_ms:.1f}")
    print(f"BENCH clv_speedup {python_ms / native_ms:.1f}")
    print(f"runs: {args.runs} per side (median)")
    print(f"{'parameter':<26}{'lifetimes':>14}{'ilgi':>14}{'rel. diff':>12}")
    worst = 0.0
    for model in ("bgnbd", "gamma_gamma"):
        for name, theirs in python[model].items():
            ours = native[model][name]
            diff = abs(ours - theirs) / max(abs(theirs), 1e-12)
            worst = max(worst, diff)
            print(f"{model + '.' + name:<26}{theirs:>14.6f}{ours:>14.6f}{diff:>12.2e}")
    print(f"{'customers':<26}{python['customers']:>14}{native['customers']:>14}")
    print(f"largest relative difference: {worst:.2e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
