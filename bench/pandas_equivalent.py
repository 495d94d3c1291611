#!/usr/bin/python3
"""The pandas job an analyst would write for what `eccentric analyze FILE` does on a VALD Hub Results Export.

Steps (the same cleaning rules as Eccentric, see /work/shared/domain.md):
  1. read the CSV (UTF-8 with BOM, quoted or not), all columns, pandas' default C parser;
  2. coerce the numeric columns (reps, max/avg force, impulse, torque) with pd.to_numeric(errors="coerce");
  3. subtract the calibration (a Hub export has no calibration column, so it is 0);
  4. drop exact duplicate rows (a Hub export has no test id, so identity = the whole row);
  5. a side with 0 repetitions is missing (NaN), not 0 N; drop rows with no reps on either side;
  6. test time from `Date UTC` + `Time UTC`: ISO (`2024-01-02` + `15:04`, pandas' fast ISO 8601 path)
     when the first date is ISO, else MM/DD/YYYY unless a first field > 12 proves DD/MM/YYYY;
  7. asymmetry = (stronger − weaker) / stronger × 100 and the weaker side, per test;
  8. latest test per athlete and test type (Nordic and ISO are never mixed); the athlete is the
     ExternalId where the export has one, else the name (as Eccentric keys athletes);
and prints a small summary. Run with Debian's /usr/bin/python3 (python3-pandas).

Usage: /usr/bin/python3 bench/pandas_equivalent.py FILE [--json]
"""
import json
import sys

import numpy as np
import pandas as pd

SIDES = ("L", "R")


def analyze(path):
    df = pd.read_csv(path, encoding="utf-8-sig", low_memory=False)
    rows_read = len(df)

    # 2. numbers
    for side in SIDES:
        for col in (
            f"{side} Reps",
            f"{side} Max Force (N)",
            f"{side} Avg Force (N)",
            f"{side} Max Impulse (Ns)",
            f"{side} Max Torque (Nm)",
        ):
            df[col] = pd.to_numeric(df[col], errors="coerce")

    # 3. calibration (absent in Hub exports -> 0)
    for side in SIDES:
        cal_col = f"{side} Calibration"
        cal = pd.to_numeric(df[cal_col], errors="coerce").fillna(0) if cal_col in df.columns else 0.0
        df[f"{side} Max Force (N)"] = df[f"{side} Max Force (N)"] - cal
        df[f"{side} Avg Force (N)"] = df[f"{side} Avg Force (N)"] - cal

    # 4. exact duplicates
    dup_mask = df.duplicated(keep="first")
    duplicates = int(dup_mask.sum())
    df = df[~dup_mask]

    # 5. zero-rep sides are missing; rows without reps on either side are not tests
    for side in SIDES:
        none = ~(df[f"{side} Reps"] > 0)
        df.loc[none, [f"{side} Max Force (N)", f"{side} Avg Force (N)"]] = np.nan
    no_test = df["L Max Force (N)"].isna() & df["R Max Force (N)"].isna()
    no_test_rows = int(no_test.sum())
    df = df[~no_test].copy()

    # 6. test time: ISO dates parse on pandas' ISO 8601 fast path; a slashed date's order is decided from the values
    first_date = str(df["Date UTC"].iloc[0]) if len(df) else ""
    iso = len(first_date) == 10 and first_date[4] == "-" and first_date[7] == "-"
    if iso:
        date_order = "ISO"
        fmt = "%Y-%m-%d %H:%M"
    else:
        first = pd.to_numeric(df["Date UTC"].str.split("/", n=1).str[0], errors="coerce")
        day_first = bool((first > 12).any())
        date_order = "DD/MM/YYYY" if day_first else "MM/DD/YYYY"
        fmt = "%d/%m/%Y %I:%M %p" if day_first else "%m/%d/%Y %I:%M %p"
    df["testTime"] = pd.to_datetime(df["Date UTC"] + " " + df["Time UTC"], format=fmt, utc=True)

    # 7. asymmetry (stronger - weaker) / stronger x 100, and the weaker side
    left = df["L Max Force (N)"]
    right = df["R Max Force (N)"]
    stronger = np.fmax(left, right)
    weaker = np.fmin(left, right)
    df["asymmetryPct"] = (stronger - weaker) / stronger * 100
    df["weakerSide"] = np.where(left < right, "left", np.where(right < left, "right", "equal"))
    df.loc[left.isna() | right.isna(), ["asymmetryPct", "weakerSide"]] = np.nan
    df["hubImbalancePct"] = pd.to_numeric(df["Max Imbalance (%)"], errors="coerce")

    # 8. latest test per athlete (ExternalId where given, else the name) and test type
    if "ExternalId" in df.columns and df["ExternalId"].notna().any():
        df["athlete"] = df["ExternalId"].fillna(df["Name"])
    else:
        df["athlete"] = df["Name"]
    latest = df.sort_values("testTime").groupby(["athlete", "Test"], sort=True).tail(1)
    nordic_latest = latest[latest["Test"] == "Nordic"]
    agree = (df["asymmetryPct"] - df["hubImbalancePct"].abs()).abs() < 1e-9

    return {
        "rowsRead": rows_read,
        "duplicates": duplicates,
        "noTestRows": no_test_rows,
        "tests": int(len(df)),
        "testsByType": {k: int(v) for k, v in df["Test"].value_counts().sort_index().items()},
        "athletes": int(df["athlete"].nunique()),
        "dateOrder": date_order,
        "from": df["testTime"].min().isoformat() if len(df) else None,
        "to": df["testTime"].max().isoformat() if len(df) else None,
        "asymmetryAgreesWithHub": int(agree.sum()),
        "latestNordic": {
            "athletes": int(len(nordic_latest)),
            "weakerSideBelow256N": int((np.fmin(nordic_latest["L Max Force (N)"], nordic_latest["R Max Force (N)"]) < 256).sum()),
            "asymmetryAtLeast15Pct": int((nordic_latest["asymmetryPct"] >= 15).sum()),
        },
    }


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 1:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    s = analyze(args[0])
    if "--json" in argv:
        print(json.dumps(s, indent=2))
        return 0
    ln = s["latestNordic"]
    print(f"{s['rowsRead']} rows read: {s['tests']} tests ({', '.join(f'{k} {v}' for k, v in s['testsByType'].items())}), "
          f"{s['athletes']} athletes")
    print(f"removed {s['duplicates']} exact duplicate rows and {s['noTestRows']} rows with no reps on either side")
    print(f"dates {s['dateOrder']}: {s['from']} .. {s['to']}")
    print(f"asymmetry (stronger - weaker) / stronger x 100 equals |Hub Max Imbalance| on {s['asymmetryAgreesWithHub']} of {s['tests']} tests")
    print(f"latest Nordic per athlete: {ln['athletes']} athletes, {ln['weakerSideBelow256N']} with weaker side < 256 N (Opar 2015), "
          f"{ln['asymmetryAtLeast15Pct']} with asymmetry >= 15 % (Bourne 2015)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
