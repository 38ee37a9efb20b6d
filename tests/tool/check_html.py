#!/usr/bin/env python3
"""Renders a fixture report as HTML, loads it in headless Chromium with the
network disabled, and checks from the resulting DOM that every finding is
shown, that the page's script ran without errors, and that a screenshot was
produced. With a fifth argument `grouped`, the fixture's race groups three
site pairs: the page must show the other two collapsed in a <details>."""
import os
import re
import shutil
import subprocess
import sys

ravel, chromium, report, work = sys.argv[1:5]
grouped = sys.argv[5:6] == ["grouped"]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
html = os.path.join(work, "report.html")
subprocess.run([ravel, "report", report, "--format", "html", "-o", html],
               check=True)
with open(html) as f:
    text = f.read()
problems = []
if re.search(r'(src|href)\s*=\s*"(https?:)?//', text) or "<link" in text:
    problems.append("the page references external resources")

def chrome(*extra):
    return subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--proxy-server=127.0.0.1:9",
         "--user-data-dir=" + os.path.join(work, "profile"), *extra,
         "file://" + html],
        capture_output=True, text=True, timeout=90)

dom = chrome("--dump-dom").stdout
shot = os.path.join(work, "report.png")
chrome("--screenshot=" + shot, "--window-size=1200,1600")

race_id = "RV-DR-27b339281a861b81" if grouped else "RV-DR-3f9a1c0d2b4e5f60"
for fid in [race_id, "RV-PD-0123456789abcdef", "RV-CR-00000000000000c3"]:
    if 'id="%s"' % fid not in dom:
        problems.append("finding %s is not in the DOM" % fid)
if 'id="ravel-js-error"' in dom:
    problems.append("the page reported a script error")
if 'data-ravel-ready="1"' not in dom:
    problems.append("the page's script did not run")
if dom.count('class="ev filled key"') != 2:
    problems.append("expected 2 highlighted racing steps")
if grouped and (dom.count('<details class="pairs">') != 1 or
                dom.count('<li id="RV-DR-00000000000000e') != 2):
    problems.append("expected the 2 other site pairs in one <details>")
if not os.path.exists(shot) or os.path.getsize(shot) < 1000:
    problems.append("no screenshot was produced")
for p in problems:
    print(p)
print("screenshot:", shot)
sys.exit(1 if problems else 0)
