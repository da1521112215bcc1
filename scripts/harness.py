#!/usr/bin/env python3
"""Load and checks for the scripts (crash-test.sh, two-instances.sh, failover-test.sh; loopback only).

  harness.py creates OUT.json --plan PLAN.json [--threads N] [--timeout S] [--retry-409 N]
      sends the planned creates (each {"base", "key", "user"}, optionally "delay" seconds after
      the start) and writes one result per request: status, accessKeyId, secret SHA-256, error,
      when it started and ended (epoch seconds), and a refusal's Content-Type and Retry-After.
  harness.py load OUT.json --base URL --prefix P --stop-file F [--threads N] [--timeout S] [--pool U]
      each thread creates keys one after another, each with an Idempotency-Key of its own
      (P-<thread>-<n>) and for a user of that name, until the file F exists; with --pool, every
      other create is for one of U users that come back (P-pool-<k>), as a team's keys do;
      writes the results as creates does.
  harness.py upstream-keys SANDBOX_BASE USER...
      signed ListAccessKeys per user against the sandbox; prints {"user": ["AccessKeyID", ...]}.
"""
import concurrent.futures
import hashlib
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

TOKEN = "kw-script-issuer-token"
PUBLIC_KEY = "sandbox-demo-public-key"
PRIVATE_KEY = "sandbox-demo-private-key"


def create(base, key, user, timeout, retry_409):
    body = json.dumps({"userName": user, "description": "script"}).encode()
    attempts = 0
    while True:
        attempts += 1
        request = urllib.request.Request(
            base.rstrip("/") + "/v1/access-keys",
            data=body,
            method="POST",
            headers={
                "Authorization": "Bearer " + TOKEN,
                "Content-Type": "application/json",
                "Idempotency-Key": key,
            },
        )
        result = {"base": base, "key": key, "user": user, "attempts": attempts, "started": time.time()}
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                answer = json.load(response)
                result.update(
                    status=response.status,
                    ended=time.time(),
                    replayed=response.headers.get("Idempotent-Replayed") == "true",
                    accessKeyId=answer.get("accessKeyId"),
                    secretSha256=hashlib.sha256(answer["accessKeySecret"].encode()).hexdigest(),
                )
                return result
        except urllib.error.HTTPError as e:
            result.update(
                status=e.code,
                error=e.read().decode(errors="replace")[:300],
                ended=time.time(),
                contentType=e.headers.get("Content-Type"),
                retryAfter=e.headers.get("Retry-After"),
            )
            if e.code == 409 and attempts <= retry_409:
                time.sleep(0.3)
                continue
            return result
        except Exception as e:  # connection refused or reset (the process died), or no answer in time
            result.update(status=0, ended=time.time(), error=type(e).__name__ + ": " + str(e)[:200])
            return result


def creates(out, plan_file, threads=16, timeout=30.0, retry_409=0):
    plan = json.load(open(plan_file))
    started = time.monotonic()
    results = []

    def one(item):
        wait = item.get("delay", 0) - (time.monotonic() - started)
        if wait > 0:
            time.sleep(wait)
        return create(item["base"], item["key"], item["user"], timeout, retry_409)

    with concurrent.futures.ThreadPoolExecutor(max_workers=threads) as pool:
        for result in pool.map(one, plan):
            results.append(result)
    with open(out, "w") as f:
        json.dump(results, f, indent=1)


def load(out, base, prefix, stop_file, threads=8, timeout=10.0, pool=0):
    results = []
    lock = threading.Lock()
    turn = [0]

    def pooled():
        with lock:
            turn[0] += 1
            return "%s-pool-%d" % (prefix, turn[0] % pool)

    def worker(thread):
        n = 0
        while not os.path.exists(stop_file):
            name = "%s-%d-%d" % (prefix, thread, n)
            user = pooled() if pool and n % 2 == 1 else name
            result = create(base, name, user, timeout, 0)
            with lock:
                results.append(result)
            n += 1

    workers = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    with open(out, "w") as f:
        json.dump(sorted(results, key=lambda r: r["started"]), f)


def upstream_keys(base, users):
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        keys = dict(zip(users, pool.map(lambda user: list_keys(base, user), users)))
    print(json.dumps(keys))


def list_keys(base, user):
    params = {"Action": "ListAccessKeys", "UserName": user, "PublicKey": PUBLIC_KEY}
    text = "".join(k + v for k, v in sorted(params.items())) + PRIVATE_KEY
    params["Signature"] = hashlib.sha1(text.encode()).hexdigest()
    data = urllib.parse.urlencode(params).encode()
    request = urllib.request.Request(
        base, data=data, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = json.load(response)
    if answer.get("RetCode") != 0:
        raise SystemExit("ListAccessKeys for %s failed: %s" % (user, answer))
    return sorted(k["AccessKeyID"] for k in answer.get("AccessKey") or [])


def main(argv):
    if argv[1] == "creates":
        args = dict(zip(argv[3::2], argv[4::2]))
        creates(
            argv[2],
            args["--plan"],
            int(args.get("--threads", 16)),
            float(args.get("--timeout", 30)),
            int(args.get("--retry-409", 0)),
        )
    elif argv[1] == "load":
        args = dict(zip(argv[3::2], argv[4::2]))
        load(
            argv[2],
            args["--base"],
            args["--prefix"],
            args["--stop-file"],
            int(args.get("--threads", 8)),
            float(args.get("--timeout", 10)),
            int(args.get("--pool", 0)),
        )
    elif argv[1] == "upstream-keys":
        upstream_keys(argv[2], argv[3:])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
