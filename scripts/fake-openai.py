#!/usr/bin/env python3
"""A local OpenAI-compatible chat server for measuring the real binary (scripts/measure-stream).

POST /v1/chat/completions answers with an SSE stream of `content` deltas of DELTA characters
each, written at full speed. When the guest's last message contains "long", the reply is CHARS
characters of bar talk ending in the marker "END-OF-REPLY"; anything else (the greeting) gets a
short welcome. The body is built once, so the server itself does no work per request.

usage: fake-openai.py PORT [CHARS] [DELTA]
"""

import http.server
import json
import sys

PORT = int(sys.argv[1])
CHARS = int(sys.argv[2]) if len(sys.argv) > 2 else 500_000
DELTA = int(sys.argv[3]) if len(sys.argv) > 3 else 5

WORDS = (
    "A Negroni is equal parts gin, Campari and sweet vermouth, stirred over ice and finished "
    "with an orange twist. MOK 5-ha means Moksha: leave the day at the door. "
)


def sse(text):
    out = []
    for i in range(0, len(text), DELTA):
        c = {"choices": [{"index": 0, "delta": {"content": text[i : i + DELTA]},
                          "finish_reason": None}]}
        out.append("data: " + json.dumps(c, separators=(",", ":")) + "\n\n")
    out.append('data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n')
    out.append("data: [DONE]\n\n")
    return "".join(out).encode()


def long_text():
    marker = " END-OF-REPLY"
    text, n = [], 0
    size = 0
    while size < CHARS - len(marker):
        text.append(WORDS)
        size += len(WORDS)
        n += 1
        if n % 4 == 0:
            text.append("\n\n")
            size += 2
    return "".join(text)[: CHARS - len(marker)] + marker


LONG = sse(long_text())
SHORT = sse("Welcome to MOK 5-ha.")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        try:
            messages = json.loads(body)["messages"]
            last = messages[-1].get("content") or ""
        except (ValueError, KeyError, IndexError):
            last = ""
        payload = LONG if "long" in str(last) else SHORT
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
