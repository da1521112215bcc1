#!/usr/bin/env python3
"""A webhook receiver on loopback for the scripts and the benchmark: checks each request's
Standard Webhooks signature with its own HMAC and writes one JSON line per request it answered.

  webhook_receiver.py --port P --secret whsec_... --out FILE.jsonl [--delay-ms N] [--status S]

Each line: {"webhookId", "timestamp", "signatureValid", "type", "accessKeyId", "receivedAt" (epoch
seconds), "status" (what it answered)}. It answers --status (default 204) after --delay-ms.
"""
import argparse
import base64
import hashlib
import hmac
import http.server
import json
import sys
import threading
import time


def signing_key(secret):
    return base64.b64decode(secret[len("whsec_"):] if secret.startswith("whsec_") else secret)


def valid(key, webhook_id, timestamp, body, header):
    signed = b"%s.%s.%s" % (webhook_id.encode(), timestamp.encode(), body)
    expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(hmac.compare_digest(expected, given) for given in (header or "").split())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--delay-ms", type=int, default=0)
    parser.add_argument("--status", type=int, default=204)
    args = parser.parse_args()
    key = signing_key(args.secret)
    out = open(args.out, "a", buffering=1)
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            received = time.time()
            webhook_id = self.headers.get("webhook-id", "")
            timestamp = self.headers.get("webhook-timestamp", "")
            try:
                event = json.loads(body)
            except ValueError:
                event = {}
            data = event.get("data") or {}
            if args.delay_ms:
                time.sleep(args.delay_ms / 1000)
            self.send_response(args.status)
            self.send_header("Content-Length", "0")
            self.end_headers()
            line = {
                "webhookId": webhook_id,
                "timestamp": timestamp,
                "signatureValid": valid(key, webhook_id, timestamp, body, self.headers.get("webhook-signature")),
                "type": event.get("type"),
                "accessKeyId": data.get("accessKeyId"),
                "receivedAt": received,
                "status": args.status,
            }
            with lock:
                out.write(json.dumps(line) + "\n")

        def log_message(self, *_):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    print("listening on 127.0.0.1:%d" % args.port, file=sys.stderr, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
