"""`make run`: the site as readers will see it, served from this machine.

DEBUG off, so a mistyped address gets the styled Vietnamese 404 and a failure the 500,
never Django's English debug page with its list of URL patterns; static files through
WhiteNoise from collectstatic's manifest; gunicorn with workers for the machine's cores on
the embedded SQLite (WAL, busy timeout: danvan/settings.py). Production settings still
refuse to start without SECRET_KEY and ALLOWED_HOSTS; this module supplies them for a
local run: a secret key generated once into var/secret_key (mode 0600, reused after), and
the hosts of the address served. There is no TLS in front of a local run, so it turns off
the HTTPS redirect and the Secure flag of the session and CSRF cookies (the login would
fail over plain HTTP otherwise). Whatever the environment sets wins.

    python -m danvan.localrun setup   # migrate, collectstatic, reference data and seeds, admin
    python -m danvan.localrun serve   # gunicorn on $HOST:$PORT (127.0.0.1:8000)
    python -m danvan.localrun run     # both: what `make run` runs
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
KEY_FILE = "secret_key"
SETUP_COMMANDS = (
    ("migrate", "--noinput"),
    ("collectstatic", "--noinput", "-v0"),
    ("load_reference", "--seeds"),
    ("ensure_admin",),
)
MAX_WORKERS = 8  # SQLite takes one writer at a time; more processes only wait for it


def var_dir(environ) -> Path:
    return Path(environ.get("DANVAN_VAR_DIR") or BASE_DIR / "var")


def secret_key(directory: Path) -> str:
    """The key in directory/secret_key, written there (readable by its owner only) the first time."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / KEY_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_text(encoding="ascii").strip()
        if key:
            return key
        fd = os.open(path, os.O_WRONLY | os.O_TRUNC)  # an empty file (a run killed mid-write): write it now
    key = secrets.token_urlsafe(50)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    os.chmod(path, 0o600)
    return key


def allowed_hosts(host: str) -> list[str]:
    """The names a reader can use for the address served: the loopback names always; for a
    wildcard bind (0.0.0.0, ::) also this machine's name and addresses."""
    hosts = ["127.0.0.1", "localhost", "[::1]"]
    if host in ("0.0.0.0", "::", ""):
        name = socket.gethostname()
        hosts += [name, socket.getfqdn()]
        try:
            hosts += [info[4][0] for info in socket.getaddrinfo(name, None)]
        except OSError:
            pass  # a machine whose own name does not resolve: the loopback names still work
    else:
        hosts.append(host)
    bracketed = [f"[{h}]" if ":" in h and not h.startswith("[") else h for h in hosts]
    return list(dict.fromkeys(bracketed))


def workers() -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(2, min(2 * cores + 1, MAX_WORKERS))


def local_env(environ=None) -> dict[str, str]:
    """The environment a local production run needs, over what is already set."""
    environ = dict(os.environ if environ is None else environ)
    host = environ.get("HOST") or "127.0.0.1"
    defaults = {
        "DEBUG": "0",
        "ALLOWED_HOSTS": ",".join(allowed_hosts(host)),
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
    }
    env = {**defaults, **{k: v for k, v in environ.items() if v != "" or k not in defaults}}
    if not env.get("SECRET_KEY"):
        env["SECRET_KEY"] = secret_key(var_dir(env))
    return env


def gunicorn_command(environ) -> list[str]:
    host = environ.get("HOST") or "127.0.0.1"
    port = environ.get("PORT") or "8000"
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    pid_file = environ.get("GUNICORN_PID_FILE") or str(var_dir(environ) / "gunicorn.pid")  # `make upgrade` reloads through it
    command = [sys.executable, "-m", "gunicorn", "danvan.wsgi:application", "--bind", bind, "--pid", pid_file]
    if not environ.get("WEB_CONCURRENCY"):  # gunicorn reads it itself when set
        command += ["--workers", str(workers())]
    return command


def setup(env: dict[str, str]) -> None:
    for command in SETUP_COMMANDS:
        subprocess.run([sys.executable, str(BASE_DIR / "manage.py"), *command], env=env, cwd=BASE_DIR, check=True)


def serve(env: dict[str, str]) -> None:
    command = gunicorn_command(env)
    print(f"Phục vụ trang tại http://{command[command.index('--bind') + 1]}/ (Ctrl+C để dừng)", flush=True)
    os.chdir(BASE_DIR)
    os.execve(command[0], command, env)  # gunicorn takes this process: Ctrl+C and kill reach it directly


def main(argv: list[str]) -> int:
    action = argv[0] if argv else "run"
    if action not in ("setup", "serve", "run"):
        print(__doc__, file=sys.stderr)
        return 2
    env = local_env()
    if action in ("setup", "run"):
        setup(env)
    if action in ("serve", "run"):
        serve(env)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
