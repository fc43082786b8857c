"""Serve a built site with a real nginx (Debian's nginx-light) on a loopback port, gzip on.

    with nginx_serve(site_dir) as base_url:   # "http://127.0.0.1:PORT"
        ...

nginx runs in the foreground as a child process with its own configuration, pid file and logs
in a temporary directory: no system service, nothing outside the temp dir is written. Text
types are gzipped at level 6 (what most hosts do); files get a one-hour Cache-Control, as
a static host would send. Fails with a clear message when nginx is missing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

NGINX_CANDIDATES = ("nginx", "/usr/sbin/nginx", "/usr/local/sbin/nginx")
INSTALL_HINT = "install Debian's nginx-light (`make system-deps` does: tools/install-system-deps.sh)"

CONFIG = """\
{user}
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
daemon off;
events {{ worker_connections 64; }}
http {{
  types {{
    text/html html htm;
    text/css css;
    text/javascript js mjs;
    application/json json;
    application/xml xml;
    application/gzip gz;
    image/svg+xml svg;
    image/png png;
    image/x-icon ico;
    application/wasm wasm;
    text/plain txt;
  }}
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  sendfile on;
  charset utf-8;
  charset_types text/css text/javascript application/json application/xml text/plain;
  gzip on;
  gzip_comp_level 6;
  gzip_min_length 256;
  gzip_vary on;
  gzip_types text/css text/javascript application/json application/xml image/svg+xml text/plain;
  server {{
    listen 127.0.0.1:{port};
    server_name localhost;
    root {root};
    index index.html;
    add_header Cache-Control "public, max-age=3600";
    {server_extra}
    error_page 404 /404.html;
  }}
}}
"""


def nginx_binary() -> str:
    for name in NGINX_CANDIDATES:
        found = shutil.which(name) or (name if os.access(name, os.X_OK) else None)
        if found:
            return found
    raise RuntimeError(f"nginx not found; {INSTALL_HINT}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def nginx_serve(site_dir: Path, timeout: float = 10, server_extra: str = ""):
    """Serve site_dir with nginx on 127.0.0.1; yields the base URL (no trailing slash).
    `server_extra`: more directives for the server block (e.g. an include)."""
    binary = nginx_binary()
    root = Path(site_dir).resolve()
    with tempfile.TemporaryDirectory(prefix="gongkai-nginx-") as tmp:
        port = _free_port()
        # As root the workers would switch to `nobody`, who may not read a private temp dir.
        user = "user root;" if os.geteuid() == 0 else ""
        conf = Path(tmp) / "nginx.conf"
        conf.write_text(CONFIG.format(user=user, tmp=tmp, port=port, root=root, server_extra=server_extra), encoding="utf-8")
        proc = subprocess.Popen([binary, "-p", tmp, "-c", str(conf)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"nginx exited ({proc.returncode}): {proc.stderr.read()}")
                try:
                    urllib.request.urlopen(base + "/", timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"nginx did not answer on {base} within {timeout} s") from None
                    time.sleep(0.05)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
