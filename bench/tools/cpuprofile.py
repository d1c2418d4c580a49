#!/usr/bin/env python3
"""Summarizes V8 .cpuprofile files (node --cpu-prof, or the bench's inspector preload): self time by
package (node_modules/<pkg>, or the file's directory for the project's own code), by file, and the
top functions. Usage: cpuprofile.py [--top K] FILE.cpuprofile..."""
import json
import re
import sys
from collections import Counter


def load(path):
    with open(path) as f:
        p = json.load(f)
    nodes = {n["id"]: n for n in p["nodes"]}
    dt = Counter()
    samples, deltas = p.get("samples", []), p.get("timeDeltas", [])
    for i, s in enumerate(samples):
        # timeDeltas[i] is the time before sample i; attribute the gap after a sample to it.
        d = deltas[i + 1] if i + 1 < len(deltas) else 0
        dt[s] += d
    return nodes, dt, (p["endTime"] - p["startTime"])


def package_of(url):
    if not url:
        return "(native/vm)"
    url = url.replace("file://", "")
    m = re.search(r".*node_modules/((?:@[^/]+/)?[^/]+)", url)
    if m:
        return m.group(1)
    if url.startswith("node:") or not url.startswith("/"):
        return "node:" + url.split(":")[-1].split("/")[0]
    return "/".join(url.split("/")[-3:-1])


def main(argv):
    top = 25
    if argv and argv[0] == "--top":
        top, argv = int(argv[1]), argv[2:]
    by_pkg, by_file, by_fn = Counter(), Counter(), Counter()
    total_us = 0
    wall_us = 0
    for path in argv:
        nodes, dt, wall = load(path)
        wall_us += wall
        for nid, us in dt.items():
            n = nodes[nid]
            cf = n["callFrame"]
            name = cf["functionName"] or "(anonymous)"
            if name in ("(idle)", "(program)", "(garbage collector)", "(root)"):
                by_pkg[name] += us
                by_fn[name] += us
                if name != "(idle)":
                    total_us += us
                continue
            total_us += us
            by_pkg[package_of(cf["url"])] += us
            by_file[cf["url"].replace("file://", "")[-90:]] += us
            by_fn[f"{name} {cf['url'].split('/')[-1]}:{cf['lineNumber'] + 1}"] += us
    print(f"profiles: {len(argv)}; profiled wall {wall_us / 1000:.0f} ms, busy (non-idle) {total_us / 1000:.0f} ms")
    for title, c in (("by package", by_pkg), ("by file", by_file), ("by function", by_fn)):
        print(f"\n{title} (self ms):")
        for k, v in c.most_common(top):
            print(f"  {v / 1000:8.1f}  {k}")


if __name__ == "__main__":
    main(sys.argv[1:])
