"""A real HTTP server on 127.0.0.1 for Kiosque's tests, with the faults administration servers have.

Usage: http_server.py ROOT [CERT KEY]   (prints the port it listens on, then serves until killed;
       with CERT and KEY it speaks HTTPS)

Paths:
  /files/NAME                     NAME from ROOT
  /status/CODE                    an empty answer with that status
  /redirect/N/files/NAME          N redirects, then the file
  /slow/SECONDS/files/NAME        waits, then the file
  /html/files/NAME                an HTML error page with status 200
  /truncated/files/NAME           announces the full length, sends half, closes
  /gzip/files/NAME                the file gzip-encoded (Content-Encoding: gzip)
  /etag/files/NAME                ETag and Last-Modified; answers 304 to matching validators
  /headers                        the request's headers as JSON
  /flaky/N/files/NAME             503 for the first N requests (per path), then the file
  /ratelimit/N/files/NAME         429 with Retry-After: 1 for the first N requests, then the file
  /badgzip/files/NAME             Content-Encoding: gzip with a corrupted body
  /auth/SHA256/files/NAME         the file when Authorization is "Bearer T" with sha256(T) = SHA256, else 401
  /pages/link/N                   page N of 3 of JSON records, with links.next to the following page
  /pages/number?page=N&per_page=S page N of JSON records (3 pages of data, then empty ones; "data": null with end=null)
  /pages/loop                     a page whose next link points to itself
  /pages/offset?offset=N&limit=S  7 JSON records from the Nth (0-based), at most S and never more than 2 a page
  /count/PATH                     how many requests PATH has had
  /drip/files/NAME                the file in ten pieces, 0.1 s apart
  /ua/PREFIX/files/NAME           the file when the User-Agent starts with PREFIX (URL-encoded), else 403
  /elsewhere/HOST/PATH            a redirect to PATH on this server under another host name (such as localhost)
  /keyed/files/NAME               the file; the Host, X-Api-Key and Authorization headers of each request are logged
  /keyed-log                      that log, as a JSON list
  /location/URL                   a redirect to URL (percent-encoded), whatever its scheme
  /charset/NAME/files/FILE        the file as text/csv; charset=NAME
"""
import gzip
import hashlib
import json
import ssl
from urllib.parse import unquote
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = sys.argv[1]
COUNTS = {}
KEYED = []
LOCK = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def send_body(self, body, content_type="text/csv; charset=utf-8", status=200, extra=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def read_file(self, path):
        name = path[len("/files/"):]
        full = os.path.join(ROOT, name)
        if not path.startswith("/files/") or not os.path.isfile(full):
            return None, None
        with open(full, "rb") as handle:
            body = handle.read()
        kind = "application/json" if name.endswith(".json") else "application/x-ndjson" if name.endswith(".ndjson") else "text/csv"
        return body, kind

    def serve_file(self, path, extra=None):
        body, kind = self.read_file(path)
        if body is None:
            self.send_body(b"not found", "text/plain", 404)
        else:
            self.send_body(body, kind, extra=extra)

    def do_GET(self):
        path, _, query = self.path.partition("?")
        parts = path.split("/")
        with LOCK:
            COUNTS["total:" + path] = COUNTS.get("total:" + path, 0) + 1
        if path.startswith("/files/"):
            self.serve_file(path)
        elif path.startswith("/status/"):
            self.send_body(b"", "text/plain", int(parts[2]))
        elif path.startswith("/redirect/"):
            count = int(parts[2])
            rest = "/" + "/".join(parts[3:])
            target = rest if count <= 1 else "/redirect/%d%s" % (count - 1, rest)
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path.startswith("/slow/"):
            time.sleep(float(parts[2]))
            self.serve_file("/" + "/".join(parts[3:]))
        elif path.startswith("/html/"):
            self.send_body(b"<!DOCTYPE html><html><body>Maintenance</body></html>", "text/html")
        elif path.startswith("/truncated/"):
            body, kind = self.read_file("/" + "/".join(parts[2:]))
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
        elif path.startswith("/charset/"):
            body, _ = self.read_file("/" + "/".join(parts[3:]))
            self.send_body(body, "text/csv; charset=%s" % unquote(parts[2]))
        elif path.startswith("/gzip/"):
            body, kind = self.read_file("/" + "/".join(parts[2:]))
            self.send_body(gzip.compress(body, mtime=0), kind, extra={"Content-Encoding": "gzip"})
        elif path.startswith("/etag/"):
            # Validators from the file's size and modification time, as nginx makes them: no need to read it.
            rest = "/" + "/".join(parts[2:])
            full = os.path.join(ROOT, rest[len("/files/"):])
            if not os.path.isfile(full):
                self.send_body(b"not found", "text/plain", 404)
                return
            stat = os.stat(full)
            tag = '"%x-%x"' % (int(stat.st_mtime), stat.st_size)
            modified = "Sat, 21 Nov 2026 08:00:00 GMT"
            # If-None-Match, when sent, decides alone (RFC 9110 13.2.2), as nginx and Apache do.
            match = self.headers.get("If-None-Match")
            if match == tag if match is not None else self.headers.get("If-Modified-Since") == modified:
                self.send_response(304)
                self.send_header("ETag", tag)
                self.end_headers()
            else:
                body, kind = self.read_file(rest)
                self.send_body(body, kind, extra={"ETag": tag, "Last-Modified": modified})
        elif path.startswith("/elsewhere/"):
            self.send_response(302)
            self.send_header("Location", "http://%s:%d/%s" % (parts[2], self.server.server_address[1], "/".join(parts[3:])))
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path.startswith("/location/"):
            self.send_response(302)
            self.send_header("Location", unquote(path[len("/location/"):]))
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path.startswith("/keyed/"):
            with LOCK:
                KEYED.append({name: self.headers.get(name, "") for name in ["Host", "X-Api-Key", "Authorization"]})
            self.serve_file("/" + "/".join(parts[2:]))
        elif path == "/keyed-log":
            with LOCK:
                body = json.dumps(KEYED).encode()
            self.send_body(body, "application/json")
        elif path == "/headers":
            body = json.dumps({k: v for k, v in self.headers.items()}).encode()
            self.send_body(body, "application/json")
        elif path.startswith("/flaky/"):
            failures = int(parts[2])
            with LOCK:
                COUNTS[path] = COUNTS.get(path, 0) + 1
                seen = COUNTS[path]
            if seen <= failures:
                self.send_body(b"busy", "text/plain", 503, extra={"Retry-After": "0"})
            else:
                self.serve_file("/" + "/".join(parts[3:]))
        elif path.startswith("/ratelimit/"):
            failures = int(parts[2])
            with LOCK:
                COUNTS[path] = COUNTS.get(path, 0) + 1
                seen = COUNTS[path]
            if seen <= failures:
                self.send_body(b"slow down", "text/plain", 429, extra={"Retry-After": "1"})
            else:
                self.serve_file("/" + "/".join(parts[3:]))
        elif path.startswith("/badgzip/"):
            body, kind = self.read_file("/" + "/".join(parts[2:]))
            broken = bytearray(gzip.compress(body, mtime=0))
            for index in range(12, min(len(broken) - 8, 60)):
                broken[index] ^= 0x5A
            self.send_body(bytes(broken), kind, extra={"Content-Encoding": "gzip"})
        elif path.startswith("/auth/"):
            given = self.headers.get("Authorization", "")
            if given.startswith("Bearer ") and hashlib.sha256(given[7:].encode()).hexdigest() == parts[2]:
                self.serve_file("/" + "/".join(parts[3:]))
            else:
                self.send_body(b"unauthorized", "text/plain", 401)
        elif path.startswith("/ua/"):
            if self.headers.get("User-Agent", "").startswith(unquote(parts[2])):
                self.serve_file("/" + "/".join(parts[3:]))
            else:
                self.send_body(b"forbidden", "text/plain", 403)
        elif path.startswith("/pages/link/"):
            number = int(parts[3])
            records = [{"id": "R-%d-%d" % (number, i), "page": number, "value": number * 10 + i} for i in range(1, 3)]
            document = {"results": records, "links": {"next": "/pages/link/%d" % (number + 1) if number < 3 else None}}
            self.send_body(json.dumps(document).encode(), "application/json")
        elif path == "/pages/number":
            params = dict(pair.split("=", 1) for pair in query.split("&") if "=" in pair)
            number, size = int(params.get("page", "1")), int(params.get("per_page", "2"))
            records = [] if number > 3 else [{"id": "P-%d-%d" % (number, i), "page": number, "value": number * 10 + i} for i in range(1, size + 1)]
            if number > 3 and params.get("end") == "null":
                records = None
            self.send_body(json.dumps({"data": records, "meta": {"page": number}}).encode(), "application/json")
        elif path == "/pages/offset":
            params = dict(pair.split("=", 1) for pair in query.split("&") if "=" in pair)
            offset, limit = int(params.get("offset", "0")), min(int(params.get("limit", "2")), 2)
            records = [{"id": "O-%d" % i, "page": offset, "value": i} for i in range(offset, min(offset + limit, 7))]
            self.send_body(json.dumps({"total_count": 7, "results": records}).encode(), "application/json")
        elif path == "/pages/loop":
            self.send_body(json.dumps({"results": [{"id": "L-1", "page": 1, "value": 1}], "links": {"next": "/pages/loop"}}).encode(), "application/json")
        elif path.startswith("/drip/"):
            body, kind = self.read_file("/" + "/".join(parts[2:]))
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            step = max(1, len(body) // 10 + 1)
            for start in range(0, len(body), step):
                self.wfile.write(body[start:start + step])
                self.wfile.flush()
                time.sleep(0.1)
        elif path.startswith("/count/"):
            with LOCK:
                count = COUNTS.get("total:/" + "/".join(parts[2:]), 0)
            self.send_body(str(count).encode(), "text/plain")
        else:
            self.send_body(b"not found", "text/plain", 404)


# The test runner may start us with SIGTERM blocked; take the default back.
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
signal.signal(signal.SIGTERM, signal.SIG_DFL)
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
if len(sys.argv) >= 4:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[2], sys.argv[3])
    server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
