"""Requests a second through gunicorn (2 workers, production settings): uncached, from the page cache, and nginx
serving the same HTML from a file, the most this machine can answer. wrk makes the load (bin/ensure-bench-tools)."""

import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRK = ["wrk", "--threads", "2", "--connections", "8"]
NGINX_CONF = """daemon off;
worker_processes 2;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    server {{
        listen 127.0.0.1:{port};
        root {workdir}/html;
        location / {{ default_type text/html; }}
    }}
}}
"""


def load():
    return "load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def environment(workdir, port, redis_url):
    """Production settings over plain HTTP, on the bench's database and media; the page cache in files of this run,
    or in Redis under keys of this run."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.gunicorn_settings",
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "CACHE_DIR": str(workdir / "cache"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
        "BENCH_CACHE_PREFIX": f"bench-{os.getpid()}",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def wait_for(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - our own local server
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"Nothing answered at {url}")


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - our own local server
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.headers, response.read()


def wrk(url, seconds, headers=(), connections=8, timeout=2):
    """Requests a second that wrk measured, its 99th percentile latency in ms, how many answers were not 2xx or 3xx,
    and its socket errors (connections refused or reset, answers slower than ``timeout`` seconds)."""
    command = [
        *WRK[:3],
        "--connections",
        str(connections),
        "--latency",
        "--timeout",
        f"{timeout}s",
        "--duration",
        f"{seconds}s",
        *(arg for header in headers for arg in ("--header", header)),
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    p99, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE).groups()
    return {
        "rps": rate,
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": sum(int(n) for n in sockets.groups()) if sockets else 0,
        "p99_ms": float(p99) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit],
    }


def is_cache_hit(url):
    """Whether an anonymous reader's second request for ``url`` comes from the page cache."""
    fetch(url)
    headers, _ = fetch(url)
    return headers.get("X-Page-Cache") == "hit"


def measure_http(urls, *, workdir, port, seconds, bypass_cookie, redis_url):
    """For each of ``urls`` (name → path): requests a second uncached, cached and from nginx."""
    env = environment(workdir, port, redis_url)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    html = workdir / "html"
    html.mkdir()
    # nginx's workers run as nobody: they must be able to read the pages.
    workdir.chmod(0o755)
    html.chmod(0o755)
    (workdir / "nginx.conf").write_text(NGINX_CONF.format(workdir=workdir, port=port + 1))
    gunicorn = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    nginx = subprocess.Popen(["nginx", "-c", str(workdir / "nginx.conf"), "-p", str(workdir)])  # noqa: S603, S607
    rows = []
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/")
        print(f"gunicorn on {base} with {env['DJANGO_SETTINGS_MODULE']}, page cache in {cache_place(redis_url)}")
        for name, path in urls.items():
            url = base + path
            fetch(url, {"Cookie": bypass_cookie})  # a first view of each page may fill Wagtail's caches
            row = {"page": name, "url": path, "load": load()}
            row["uncached"] = wrk(url, seconds, [f"Cookie: {bypass_cookie}"])
            cached = is_cache_hit(url)
            row["cached"] = wrk(url, seconds) if cached else None
            _, body = fetch(url)
            (html / f"{len(rows)}.html").write_bytes(body)
            (html / f"{len(rows)}.html").chmod(0o644)
            nginx_url = f"http://127.0.0.1:{port + 1}/{len(rows)}.html"
            wait_for(nginx_url)
            row["nginx"] = wrk(nginx_url, seconds)
            rows.append(row)
            print(f"measured {name} over HTTP ({row['load']})", flush=True)
    finally:
        for process in (gunicorn, nginx):
            process.terminate()
            process.wait(timeout=30)
        if redis_url:
            forget_cache(redis_url, env["BENCH_CACHE_PREFIX"])
        shutil.rmtree(workdir / "static", ignore_errors=True)
    return rows


def cache_place(redis_url):
    return f"Redis ({redis_url})" if redis_url else "files of this run"


def forget_cache(redis_url, prefix):
    """Delete the run's keys from Redis."""
    import redis

    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(match=f"{prefix}*"):
        client.delete(key)


def report_http(rows, size):
    print(f"\nthrough HTTP at {size:,} publications: gunicorn, 2 workers, production settings; wrk {' '.join(WRK[1:])}")
    header = f"{'page':<22}{'uncached':>12}{'cached':>12}{'nginx file':>13}{'cached/uncached':>17}{'nginx/cached':>14}"
    print(f"{header}\n{'-' * len(header)}")
    for row in rows:
        uncached, cached, nginx = (row[mode] for mode in ("uncached", "cached", "nginx"))
        if cached:
            cached_text = f"{cached['rps']:,.0f}"
            ratios = f"{cached['rps'] / uncached['rps']:>16.1f}×{nginx['rps'] / cached['rps']:>13.1f}×"
        else:
            cached_text, ratios = "no cache", f"{'(no page cache hit)':>31}"
        print(f"{row['page']:<22}{uncached['rps']:>12,.1f}{cached_text:>12}{nginx['rps']:>13,.0f}{ratios}")
        errors = {
            mode: row[mode]["errors"] for mode in ("uncached", "cached", "nginx") if row[mode] and row[mode]["errors"]
        }
        if errors:
            print(f"  ! answers that were not 2xx or 3xx: {errors}")
    print("requests a second; measured at " + "; ".join(f"{row['page']}: {row['load']}" for row in rows))
