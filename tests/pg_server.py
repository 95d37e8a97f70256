"""A real PostgreSQL server for the tests: Debian's package, a throw-away cluster on a loopback
port, started and stopped by the harness, never as root (runuser to the ``postgres`` user),
password authentication on TCP (the password is what a report must never show)."""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time

USER, PASSWORD, DATABASE = "bascule", "mot-de-passe-pg-secret", "projets"


def _binaries():
    # BASCULE_TEST_PG_GLOB: where to look instead (test_honest_guards.py points it at nothing
    # to show that, under CI=true, PostgreSQL's absence fails the tests that need it).
    found = sorted(glob.glob(os.environ.get("BASCULE_TEST_PG_GLOB", "/usr/lib/postgresql/*/bin/initdb")))
    return os.path.dirname(found[-1]) if found else None


def unavailable_reason():
    """Why no server can run here (None when one can)."""
    if _binaries() is None:
        return "needs PostgreSQL (Debian package postgresql)"
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and no 'postgres' user to run the server as"
        if not shutil.which("runuser"):
            return "running as root without runuser to drop privileges"
    return None


class PostgresServer:
    def __init__(self):
        self.bin = _binaries()
        self.folder = tempfile.mkdtemp(prefix="bascule-pg-")
        self.data = os.path.join(self.folder, "data")
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]

    def _as_server_user(self, *command, **options):
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run(prefix + list(command), capture_output=True, text=True,
                              timeout=120, **options)

    def __enter__(self):
        os.chmod(self.folder, 0o700)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        pwfile = os.path.join(self.folder, "pw")
        with open(pwfile, "w", encoding="utf-8") as handle:
            handle.write(PASSWORD)
        if os.geteuid() == 0:
            shutil.chown(pwfile, "postgres", "postgres")
        done = self._as_server_user(
            os.path.join(self.bin, "initdb"), "-D", self.data, "-U", USER, f"--pwfile={pwfile}",
            "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8",
            "--locale=C.UTF-8")
        if done.returncode:
            raise RuntimeError("initdb: " + done.stdout + done.stderr)
        done = self._as_server_user(
            os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-w", "-t", "60",
            "-l", os.path.join(self.folder, "log"),
            "-o", f"-h 127.0.0.1 -p {self.port} -k {self.folder}", "start")
        if done.returncode:
            raise RuntimeError("pg_ctl start: " + done.stdout + done.stderr)
        env = dict(os.environ, PGPASSWORD=PASSWORD)
        deadline = time.monotonic() + 30
        while True:
            done = subprocess.run([os.path.join(self.bin, "createdb"), "-h", "127.0.0.1", "-p",
                                   str(self.port), "-U", USER, DATABASE],
                                  capture_output=True, text=True, env=env, timeout=60)
            if done.returncode == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        if done.returncode:
            self.__exit__()
            raise RuntimeError("createdb: " + done.stdout + done.stderr)
        return self

    def storage_uri(self, schema="public"):
        """The project-storage URI of a schema, as QGIS's postgres storage encodes it."""
        return (f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{self.port}"
                f"?sslmode=disable&dbname={DATABASE}&schema={schema}")

    def __exit__(self, *exc):
        self._as_server_user(os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-w",
                             "-m", "fast", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)
