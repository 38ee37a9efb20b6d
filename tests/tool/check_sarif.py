#!/usr/bin/env python3
"""Renders a fixture report as SARIF and validates it against the official
SARIF 2.1.0 JSON schema (Draft 4), with no network access. Also checks the
points GitHub code scanning relies on: rule ids, locations with regions,
related locations and thread flows. With a fifth argument `grouped`, the
fixture's race groups three site pairs on one variable: the two other pairs'
sites are related locations too."""
import json
import subprocess
import sys

import jsonschema

ravel, report, schema_path, out = sys.argv[1:5]
grouped = sys.argv[5:6] == ["grouped"]
subprocess.run([ravel, "report", report, "--format", "sarif", "-o", out],
               check=True)
with open(out) as f:
    sarif = json.load(f)
with open(schema_path) as f:
    schema = json.load(f)
validator = jsonschema.Draft4Validator(schema)
errors = sorted(validator.iter_errors(sarif), key=lambda e: list(e.path))
for e in errors:
    print("schema violation at %s: %s" % ("/".join(map(str, e.path)), e.message))
if errors:
    sys.exit(1)

run = sarif["runs"][0]
rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
results = run["results"]
problems = []
if len(results) != 3:
    problems.append("expected 3 results, got %d" % len(results))
for r in results:
    if rules[r["ruleIndex"]] != r["ruleId"]:
        problems.append("ruleIndex does not match ruleId %s" % r["ruleId"])
    if not r.get("locations"):
        problems.append("%s has no location" % r["ruleId"])
race = results[0]
loc = race["locations"][0]["physicalLocation"]
if (loc["artifactLocation"]["uri"], loc["region"]["startLine"]) != ("counter.cpp", 14):
    problems.append("race location is %r" % loc)
want_related = 5 if grouped else 1
if len(race.get("relatedLocations", [])) != want_related:
    problems.append("race should have %d related location(s), has %d" %
                    (want_related, len(race.get("relatedLocations", []))))
if grouped and race["properties"].get("pairs") != 3:
    problems.append("race should group 3 site pairs: %r" % race["properties"])
flows = race["codeFlows"][0]["threadFlows"]
orders = [[l["executionOrder"] for l in f["locations"]] for f in flows]
if orders != [[40, 42, 44], [41, 43]]:
    problems.append("thread flows out of order: %r" % orders)
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
