#!/usr/bin/env python3
"""Turns patuh's JSON report on the national pack into the benchmark kit's
violations file: a JSON array of {"rule", "code", "year"}.

    python3 benches/violations.py report.json > violations.json
    python3 benches/violations.py report.json --expected expected-m.json

With --expected (the generator's expected-<scale>.json) it prints the count
per rule against the planted one instead, and exits 1 unless all are equal.

Each failing finding of a rule `rN_...` is rule RN; its message is
"{code} {year}" (see benches/rules/national.rules). An unknown outcome is not
a violation, but the pack is written so that none occurs: one is an error.
"""
import json
import re
import sys
from collections import Counter


def main():
    args = sys.argv[1:]
    expected = None
    if len(args) == 3 and args[1] == "--expected":
        with open(args[2]) as f:
            expected = json.load(f)["violations"]
    elif len(args) != 1:
        sys.exit(__doc__)
    with open(args[0]) as f:
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
    if expected is None:
        json.dump(out, sys.stdout, separators=(",", ":"))
        sys.stdout.write("\n")
        return 0
    found = Counter(v["rule"] for v in out)
    ok = set(found) <= set(expected)
    for rule in sorted(expected):
        same = found[rule] == expected[rule]
        ok &= same
        print(f"  {rule}: planted {expected[rule]:6d}  found {found[rule]:6d}  {'ok' if same else 'MISMATCH'}")
    print("  exactly the planted violations" if ok else "  NOT the planted violations")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
