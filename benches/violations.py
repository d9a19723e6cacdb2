#!/usr/bin/env python3
"""Turns patuh's JSON report on the national pack into the benchmark kit's
violations file: a JSON array of {"rule", "code", "year"}.

    python3 benches/violations.py report.json > violations.json

Each failing finding of a rule `rN_...` is rule RN; its message is
"{code} {year}" (see benches/rules/national.rules). An unknown outcome is not
a violation, but the pack is written so that none occurs: one is an error.
"""
import json
import re
import sys


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        report = json.load(f)
    out = []
    for finding in report["findings"]:
        if finding["outcome"] != "fail":
            sys.exit(f"unexpected {finding['outcome']} finding: {finding['message']}")
        m = re.match(r"r(\d+)_", finding["rule"])
        if not m:
            sys.exit(f"rule id `{finding['rule']}` does not start with r<N>_")
        code, year = finding["message"].rsplit(" ", 1)
        out.append({"rule": f"R{m.group(1)}", "code": code, "year": int(year)})
    json.dump(out, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
