"""How fast the public portal answers, against a bare Django view measured in the same run.

Not a test (pytest collects only test_*.py). Run from the project root:

    .venv/bin/python -m tests.benchmarks.bench_portal [--requests 400] [--posts 150] [--threads 4]

It builds a fresh SQLite database under var/bench/ (migrate + load_demo, settings
config.settings.bench), starts gunicorn with 2 workers on a free port of 127.0.0.1, sends a
bounded number of requests from a thread pool (http.client, one connection per thread), prints
requests per second and median latency per scenario with each figure as a ratio against the bare
view, and stops gunicorn. Only this machine's loopback address is used.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = "config.settings.bench"
HOST = "127.0.0.1"


@dataclass
class Result:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    wall: float = 0.0

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.wall if self.wall else 0.0

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else float("nan")


class Browser:
    """One keep-alive connection with a cookie jar (what one visitor's browser holds)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                # gunicorn's sync workers close the connection after each response.
                self.connection.close()
                if attempt:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value
        return response.status, data


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def environment() -> dict[str, str]:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE=SETTINGS, PYTHONPATH=str(ROOT))
    env.setdefault("SECRET_KEY", "bench-only-" + uuid.uuid4().hex)
    return env


def prepare_database(env) -> None:
    database = ROOT / "var" / "bench" / "bench.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "load_demo"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def start_server(env, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"{HOST}:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _body = Browser(port).request("GET", "/healthz")
            if status == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            raise SystemExit("gunicorn exited before it answered")
        time.sleep(0.2)
    stop_server(server)
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def run(name: str, count: int, threads: int, make_browser, one_request) -> Result:
    """`count` requests spread over `threads` visitors; each returns True when it succeeded."""
    result = Result(name)
    lock = threading.Lock()
    per_thread = [count // threads + (1 if i < count % threads else 0) for i in range(threads)]
    browsers = [make_browser() for _ in range(threads)]

    def work(index: int) -> None:
        browser = browsers[index]
        for _ in range(per_thread[index]):
            started = time.perf_counter()
            ok = one_request(browser)
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    result.latencies.append(elapsed)
                else:
                    result.errors += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(work, range(threads)))
    result.wall = time.perf_counter() - started
    return result


def get(path: str):
    def one(browser: Browser) -> bool:
        status, _body = browser.request("GET", path)
        return status == 200

    return one


def complaint_poster(port: int):
    """Each visitor opens the form once (session and CSRF cookies), then sends complaints, each
    with its own one-time form token, as many browsers would."""
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    sys.path.insert(0, str(ROOT))
    django.setup()
    from backoffice.models import Category, Unit
    from portal import challenge

    category = Category.objects.get(code="product_quality").pk
    unit = Unit.objects.get(code="s01-elec").pk

    def make_browser() -> Browser:
        browser = Browser(port)
        status, body = browser.request("GET", "/complain/")
        assert status == 200, status
        browser.csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)[1].decode()
        return browser

    def one(browser: Browser) -> bool:
        fields = {
            "csrfmiddlewaretoken": browser.csrf,
            "form_token": challenge.issue(time.time() - 10).dumps(),
            "category": category,
            "unit": unit,
            "product_name": "电饭煲",
            "description": "买的电饭煲第二天就不加热了。",
            "customer_demand": "换一台新的。",
            "complainant_name": "李小红",
            "complainant_phone": "13800138000",
            "preferred_contact": "phone",
            "consent": "on",
        }
        body = urllib.parse.urlencode(fields).encode()
        status, _body = browser.request(
            "POST",
            "/complain/",
            body,
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        return status == 302

    return make_browser, one


def table(results: list[Result]) -> str:
    bare = results[0]
    lines = [
        f"{'scenario':<24}{'requests':>9}{'errors':>8}{'req/s':>9}{'median ms':>11}"
        f"{'req/s ÷ bare':>14}{'median × bare':>15}",
        "-" * 90,
    ]
    for result in results:
        lines.append(
            f"{result.name:<24}{len(result.latencies):>9}{result.errors:>8}{result.rps:>9.0f}"
            f"{result.median_ms:>11.1f}{result.rps / bare.rps:>14.2f}"
            f"{result.median_ms / bare.median_ms:>15.1f}"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=400, help="GETs per scenario")
    parser.add_argument("--posts", type=int, default=150, help="complaint POSTs")
    parser.add_argument("--threads", type=int, default=4, help="concurrent visitors")
    args = parser.parse_args(argv)

    env = environment()
    os.environ.update({"SECRET_KEY": env["SECRET_KEY"]})
    print("Preparing var/bench/bench.sqlite3 (migrate, load_demo)…", flush=True)
    prepare_database(env)
    port = free_port()
    server = start_server(env, port)
    try:
        make_visitor = lambda: Browser(port)  # noqa: E731
        warm = [get("/bench/bare"), get("/policy/"), get("/complain/")]
        for one in warm:
            run("warm-up", 20, 2, make_visitor, one)
        results = [
            run("bare Django view", args.requests, args.threads, make_visitor, get("/bench/bare")),
            run("policy page", args.requests, args.threads, make_visitor, get("/policy/")),
            run("complaint form GET", args.requests, args.threads, make_visitor, get("/complain/")),
        ]
        make_poster, post_one = complaint_poster(port)
        results.append(run("complaint POST", args.posts, args.threads, make_poster, post_one))
    finally:
        stop_server(server)
    print(
        f"\ngunicorn, 2 sync workers, SQLite (WAL), {args.threads} concurrent clients, "
        f"127.0.0.1:{port}\n"
    )
    print(table(results))
    return 1 if any(result.errors for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
