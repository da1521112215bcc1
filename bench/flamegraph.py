#!/usr/bin/env python3
"""Renders collapsed stacks (async-profiler's `collapsed` output: "frame;frame;... count" per line)
as a static SVG flame graph: roots at the bottom, each frame as wide as its share of the samples,
hover text giving the frame, its samples and its share. Usage:
    flamegraph.py --title "..." [--subtitle "..."] [--include REGEX] stacks.collapsed > graph.svg"""
import argparse
import html
import re
import sys

WIDTH, ROW, FONT, MIN_PX = 1400, 16, 11, 1.0


def frame_name(raw):
    name = re.sub(r"_\[[a-z0-9]\]$", "", raw)  # async-profiler's frame-type suffix
    return name.replace("/", ".")


def color(name):
    if name.startswith("io.keywarden"):
        return (90, 170, 90)
    if name.startswith(("java.", "jdk.", "sun.")):
        return (220, 150, 60)
    if "." not in name or name.startswith(("[", "__", "Java_")):
        return (200, 90, 80)  # native, kernel, JVM
    return (230, 200, 80)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--title", default="flame graph")
    parser.add_argument("--subtitle", default="")
    parser.add_argument("--include", help="keep only stacks with a frame matching this regex")
    parser.add_argument("stacks")
    args = parser.parse_args()

    root = {"n": 0, "kids": {}}
    for line in open(args.stacks, encoding="utf-8", errors="replace"):
        line = line.rstrip("\n")
        if not line or " " not in line:
            continue
        stack, count = line.rsplit(" ", 1)
        count = int(count)
        if args.include and not re.search(args.include, stack):
            continue
        node = root
        node["n"] += count
        for frame in stack.split(";"):
            node = node["kids"].setdefault(frame_name(frame), {"n": 0, "kids": {}})
            node["n"] += count
    total = max(root["n"], 1)

    rects = []
    depth_max = [0]

    def walk(node, x, depth):
        for name, kid in sorted(node["kids"].items()):
            w = kid["n"] / total * WIDTH
            if w >= MIN_PX:
                rects.append((x, depth, w, name, kid["n"]))
                depth_max[0] = max(depth_max[0], depth)
                walk(kid, x, depth + 1)
            x += w

    walk(root, 0.0, 0)
    height = (depth_max[0] + 1) * ROW + 60
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH + 20}" height="{height}" '
        f'font-family="monospace" font-size="{FONT}">',
        f'<rect width="100%" height="100%" fill="#fdfdf6"/>',
        f'<text x="10" y="18" font-size="14">{html.escape(args.title)}</text>',
        f'<text x="10" y="34" fill="#555">{html.escape(args.subtitle)} ({total} samples; hover for a frame\'s share;'
        f" green: keywarden, orange: JDK, red: native/JVM, yellow: libraries)</text>",
    ]
    for x, depth, w, name, n in rects:
        y = height - (depth + 1) * ROW - 4
        r, g, b = color(name)
        label = f"{name} ({n} samples, {100 * n / total:.2f}%)"
        text = ""
        chars = int((w - 4) / (FONT * 0.6))
        if chars >= 3:
            shown = name if len(name) <= chars else name[: chars - 2] + ".."
            text = f'<text x="{x + 12:.1f}" y="{y + ROW - 4}">{html.escape(shown)}</text>'
        out.append(
            f'<g><title>{html.escape(label)}</title><rect x="{x + 10:.1f}" y="{y}" width="{max(w - 0.5, 0.1):.1f}" '
            f'height="{ROW - 1}" fill="rgb({r},{g},{b})" rx="1"/>{text}</g>'
        )
    out.append("</svg>")
    sys.stdout.write("\n".join(out))


if __name__ == "__main__":
    main()
