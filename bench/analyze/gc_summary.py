#!/usr/bin/env python3
"""Summarises a Serial GC unified log (-Xlog:gc*): GC count, full GCs, the heap's highest occupancy after a GC and
its occupancy at exit, in KiB. Prints one JSON object."""
import json
import re
import sys

after = {}
full = 0
exit_used = 0
for line in open(sys.argv[1]):
    m = re.search(r"GC\((\d+)\) (DefNew|Tenured): \d+K\(\d+K\)->(\d+)K", line)
    if m:
        after.setdefault(m.group(1), {})[m.group(2)] = int(m.group(3))
    if "Pause Full" in line and "gc,start" in line:
        full += 1
    m = re.search(r"(def new generation|tenured generation)\s+total \d+K, used (\d+)K", line)
    if m:
        exit_used += int(m.group(2))
occupancy = [v.get("DefNew", 0) + v.get("Tenured", 0) for v in after.values()]
print(json.dumps({"gcs": len(after), "fullGcs": full, "maxAfterGcKiB": max(occupancy, default=0),
                  "exitUsedKiB": exit_used}))
