"""Checks patuh's CI reports with real consumers.

SARIF is validated against the official SARIF 2.1.0 JSON schema (with URI
formats checked), and the SARIF multitool's log of its own validation (rule
kinds Sarif and Gh, levels error and warning) must hold no result; JUnit XML is read by junitparser, the JUnit library many
CI helpers use, and what it reads must agree with patuh's JSON report of the
same run.

usage: validate_reports.py SCHEMA RUN_DIR...
  where each RUN_DIR holds patuh.sarif, patuh.xml and patuh.json of one run,
  and multitool.sarif, the multitool's log of its validation of patuh.sarif
  (a run of broken input has no patuh.json: its SARIF alone is checked).
"""

import json
import sys
from pathlib import Path

import jsonschema
import rfc3987
from junitparser import Failure, JUnitXml, Skipped


def uris(value):
    """Every artifactLocation.uri in a SARIF log."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "artifactLocation":
                yield item["uri"]
            else:
                yield from uris(item)
    elif isinstance(value, list):
        for item in value:
            yield from uris(item)


def check_sarif(schema, path):
    log = json.loads(path.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    for e in errors[:20]:
        print(f"{path}: {'/'.join(map(str, e.path))}: {e.message}")
    # Draft 4 does not check the schema's `uri-reference` format: do it here.
    for uri in uris(log):
        try:
            rfc3987.parse(uri, rule="URI_reference")
        except ValueError:
            print(f"{path}: `{uri}` is not a URI reference")
            errors.append(uri)
    results = log["runs"][0]["results"]
    print(f"{path}: {len(results)} results, {len(errors)} schema errors")
    return not errors


def check_junit(path, report):
    xml = JUnitXml.fromfile(str(path))
    ok = True
    cases = failures = skipped = 0
    suites = []
    for suite in xml:
        suites.append(suite.name)
        n = f = s = 0
        for case in suite:
            n += 1
            kinds = {type(r) for r in case.result}
            f += Failure in kinds
            s += Skipped in kinds
            if not case.name:
                print(f"{path}: a test case of {suite.name} has no name")
                ok = False
        # The counts a dashboard shows must agree with the cases it lists.
        if (suite.tests, suite.failures, suite.skipped) != (n, f, s):
            print(f"{path}: suite {suite.name} says {suite.tests}/{suite.failures}/{suite.skipped}, has {n}/{f}/{s}")
            ok = False
        cases, failures, skipped = cases + n, failures + f, skipped + s
    rules = [r["id"] for r in report["rules"]]
    # A suite without cases carries the data's completeness in its
    # system-out, each document the JSON report names once.
    completeness = report["summary"].get("completeness") or []
    if completeness:
        rules.append("patuh data completeness")
        out = ""
        for s in xml:
            found = s._elem.find("system-out") if s.name == "patuh data completeness" else None
            if found is not None:
                out = found.text or ""
        for doc in completeness:
            if out.count(f"{doc['document']} ({doc['file']})") != 1:
                print(f"{path}: the completeness does not name {doc['document']} once")
                ok = False
    if report.get("warnings"):
        rules.append("patuh input")
    if suites != rules:
        print(f"{path}: suites {suites} are not the rules {rules}")
        ok = False
    if failures != report["summary"]["failing"]:
        print(f"{path}: {failures} failures, but the JSON report has {report['summary']['failing']} failing findings")
        ok = False
    if cases - failures - skipped == 0 and report["summary"]["pass"] > 0:
        print(f"{path}: no passing case, but subjects passed")
        ok = False
    print(f"{path}: {len(suites)} suites, {cases} cases, {failures} failures, {skipped} skipped")
    return ok


def check_multitool(path):
    """The SARIF multitool's own log of its validation: no result at all."""
    if not path.exists():
        print(f"{path}: the SARIF multitool wrote no log")
        return False
    log = json.loads(path.read_text(encoding="utf-8-sig"))
    results = [r for run in log.get("runs", []) for r in run.get("results", [])]
    for r in results:
        text = r.get("message", {}).get("text") or json.dumps(r.get("message", {}))
        print(f"{path}: {r.get('level', 'warning')} {r.get('ruleId')}: {text}")
    notes = [
        n
        for run in log.get("runs", [])
        for inv in run.get("invocations", [])
        for n in inv.get("toolExecutionNotifications", [])
        if n.get("level") in ("error", "warning")
    ]
    for n in notes:
        print(f"{path}: tool {n.get('level')}: {n.get('message', {}).get('text', '')}")
    print(f"{path}: {len(results)} multitool errors and warnings")
    return not results and not notes


def check_json(path, report):
    """The JSON report against patuh's published schema."""
    schema = json.loads(Path("docs/report.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = list(validator.iter_errors(report))
    for e in errors[:20]:
        print(f"{path}: {'/'.join(map(str, e.path))}: {e.message}")
    print(f"{path}: {len(errors)} errors against docs/report.schema.json")
    return not errors


def main():
    schema = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    ok = True
    for run in map(Path, sys.argv[2:]):
        ok &= check_sarif(schema, run / "patuh.sarif")
        ok &= check_multitool(run / "multitool.sarif")
        if not (run / "patuh.json").exists():
            # A run whose input is broken: its SARIF only (xmllint read its JUnit).
            continue
        report = json.loads((run / "patuh.json").read_text(encoding="utf-8"))
        ok &= check_json(run / "patuh.json", report)
        ok &= check_junit(run / "patuh.xml", report)
    if not ok:
        sys.exit(1)
    print(
        "reports: SARIF valid against the official schema and the multitool's rules, "
        "JUnit read by junitparser"
    )


if __name__ == "__main__":
    main()
