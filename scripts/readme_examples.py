"""Runs the README's shell examples in order, in one shell, and compares each answer with the one
the README shows beneath it.

A README example is a fenced block marked ``sh``; the plain fenced block right after it, if any,
is the answer it shows. A ``sh`` block preceded by the line ``<!-- readme-examples: skip -->`` is
not run (the commands that start keywarden and its tests). Every example runs in the same bash
process, so a variable set by one (a key id read from an answer) is there for the next; a command
that fails stops the run. ``localhost:8080`` becomes the port keywarden was started on.

What a shown answer pins: its status lines (``HTTP/1.1 201``) in order, every JSON member name it
shows, and every member it shows with a value in capitals (``"status":"ACTIVE"``), which names a
state rather than a generated id or a time.

Usage: python3 scripts/readme_examples.py README.md PORT WORKDIR
"""

import json
import pathlib
import re
import subprocess
import sys

SKIP = "<!-- readme-examples: skip -->"
STATUS = re.compile(r"^HTTP/[0-9.]+ (\d{3})", re.M)
MEMBER = re.compile(r'"([A-Za-z][A-Za-z0-9_]*)"\s*:')
STATE = re.compile(r'"([A-Za-z][A-Za-z0-9_]*)"\s*:\s*"([A-Z][A-Z_]+)"')
SECRET = re.compile(r'"(?:accessKeySecret|AccessKeySecret)"\s*:\s*"([^"]+)"')


def examples(readme):
    """The (commands, shown answer or None, line) of every example, in the README's order."""
    lines = readme.splitlines()
    found, i, skip_next, example_end = [], 0, False, None
    while i < len(lines):
        line = lines[i]
        if line.strip() == SKIP:
            skip_next = True
        if line.startswith("```"):
            fence, body, start = line[3:].strip(), [], i + 1
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            if fence == "sh":
                if skip_next:
                    skip_next = False
                else:
                    found.append(["\n".join(body), None, start])
                    example_end = i
            elif fence == "" and example_end == start - 2:
                found[-1][1] = "\n".join(body)
        i += 1
    return found


def run(found, port, work):
    """Runs every example in one bash, each one's output in its own file; returns the outputs."""
    script = ["set -euo pipefail", f"cd {json.dumps(str(work))}"]
    for n, (commands, _, _) in enumerate(found):
        commands = commands.replace("localhost:8080", f"localhost:{port}").replace("127.0.0.1:8080", f"127.0.0.1:{port}")
        script.append(f"echo {n} > {work}/current")
        script.append(f"{{\n{commands}\n}} > {work}/example-{n}.out 2>&1")
    (work / "examples.sh").write_text("\n".join(script) + "\n")
    done = subprocess.run(["bash", str(work / "examples.sh")], timeout=600)
    outputs = []
    for n in range(len(found)):
        path = work / f"example-{n}.out"
        outputs.append(path.read_text() if path.exists() else None)
    failed_at = None
    if done.returncode != 0:
        failed_at = int((work / "current").read_text())
    return outputs, failed_at


def compare(shown, actual):
    """The differences between the answer the README shows and the one keywarden gave."""
    problems = []
    want, got = STATUS.findall(shown), STATUS.findall(actual)
    if want != got:
        problems.append(f"status lines: README shows {want}, keywarden answered {got}")
    names = set(MEMBER.findall(actual))
    missing = sorted(set(MEMBER.findall(shown)) - names)
    if missing:
        problems.append(f"members the README shows but the answer lacks: {missing}")
    states = set(STATE.findall(actual))
    for member, value in STATE.findall(shown):
        if (member, value) not in states:
            problems.append(f'README shows "{member}":"{value}", the answer does not')
    return problems


def main():
    readme, port, work = pathlib.Path(sys.argv[1]), sys.argv[2], pathlib.Path(sys.argv[3])
    found = examples(readme.read_text())
    if not found:
        print("FAIL  the README has no examples to run")
        return 1
    outputs, failed_at = run(found, port, work)
    failures, secrets = 0, []
    for n, ((commands, shown, line), actual) in enumerate(zip(found, outputs)):
        first = commands.strip().splitlines()[0] if commands.strip() else ""
        where = f"README.md:{line} {first[:70]}"
        if actual is None:
            print(f"  not run  {where}")
            continue
        secrets += SECRET.findall(actual)
        if failed_at == n:
            print(f"  FAIL  {where}: a command failed\n{indent(actual)}")
            failures += 1
            continue
        problems = compare(shown, actual) if shown is not None else []
        if problems:
            failures += 1
            print(f"  FAIL  {where}\n" + "\n".join("        " + p for p in problems) + f"\n{indent(actual)}")
        else:
            print(f"  ok    {where}")
    log = (work / "keywarden.log").read_text(errors="replace") if (work / "keywarden.log").exists() else ""
    leaked = [s for s in secrets if s in log]
    if leaked:
        failures += 1
        print(f"  FAIL  keywarden's log holds {len(leaked)} of the secrets it handed out")
    elif secrets:
        print(f"  ok    none of the {len(secrets)} secrets handed out is in keywarden's log")
    if failed_at is not None and failures == 0:
        failures = 1
    return 1 if failures else 0


def indent(text):
    return "\n".join("          | " + line for line in text.rstrip().splitlines()[-25:])


if __name__ == "__main__":
    sys.exit(main())
