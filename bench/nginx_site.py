"""A built site served by Debian's nginx, as a district's portal would serve it: under the path of
its site_url (the tests use https://www.binhai.gov.cn/zwfw/xincun/), through the configuration the
build writes (site/_server/nginx.conf) included in a plain server block, with unprivileged workers.

Started by the tests (tests/conftest.py; CI installs nginx with the other system packages, and in
CI a missing nginx is a failure, never a skip) and by the benchmark's Lighthouse runs.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SUB_PATH_URL = "https://www.binhai.gov.cn/zwfw/xincun/"
PREFIX = "/zwfw/xincun/"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)


@dataclass
class NginxSite:
    root: Path        # the portal's document root
    site: Path        # where the site was copied: root/zwfw/xincun/
    url: str          # http://127.0.0.1:port/zwfw/xincun/
    process: subprocess.Popen

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.root.parent, ignore_errors=True)


def _main_config(folder: Path, port: int, server: str) -> str:
    user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""  # workers never read as root
    temp = "\n".join(f"  {kind}_temp_path {folder}/{kind};" for kind in ("client_body", "proxy", "fastcgi",
                                                                         "uwsgi", "scgi"))
    return f"""{user}worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 256; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  server_tokens off;
{temp}
  server {{
    listen 127.0.0.1:{port};
{server}
  }}
}}
"""


def start(site_dir: Path, binary: str, prefix: str = PREFIX) -> NginxSite:
    """Copy the built site under `prefix` (its site_url's path) of a fresh document root, readable
    by all as a server's is, and start nginx on a free loopback port."""
    folder = Path(tempfile.mkdtemp(prefix="sg-nginx-"))
    folder.chmod(0o755)
    root = folder / "www"
    site = root / prefix.strip("/")
    shutil.copytree(site_dir, site)  # as an administrator copies it: modes as the build left them
    process, port = _run(folder, binary, f"    root {root};\n    include {site}/_server/nginx.conf;")
    return NginxSite(root=root, site=site, url=f"http://127.0.0.1:{port}{prefix}", process=process)


def start_server(binary: str, server: str) -> NginxSite:
    """nginx on a free loopback port with `server` as its server block's body (a proxy, say)."""
    folder = Path(tempfile.mkdtemp(prefix="sg-nginx-"))
    folder.chmod(0o755)
    process, port = _run(folder, binary, server)
    return NginxSite(root=folder / "www", site=folder / "www", url=f"http://127.0.0.1:{port}/", process=process)


def _run(folder: Path, binary: str, server: str) -> tuple[subprocess.Popen, int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (folder / "nginx.conf").write_text(_main_config(folder, port, server), "utf-8")
    check = subprocess.run([binary, "-t", "-p", str(folder), "-c", str(folder / "nginx.conf")],
                           capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError(f"nginx -t refused the configuration:\n{check.stderr}")
    process = subprocess.Popen([binary, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process, port
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"nginx exited: {process.stderr.read().decode()}")
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError("nginx did not start listening within 10 s")
