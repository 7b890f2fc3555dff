"""`service-guide edit`: the desk served by waitress. On 127.0.0.1 it is the local desk of the person
at the machine, opened with a secret token in its address; on any other address it needs accounts
(`service-guide desk-account`), and behind a district's nginx it trusts one proxy's headers."""
from __future__ import annotations

import secrets
import sys
import threading
import webbrowser
from pathlib import Path
from urllib.parse import urlsplit

from waitress import create_server

from generator.desk.accounts import Accounts
from generator.desk.web import DeskConfig, create_app
from generator.output import write_file

LOOPBACK = ("127.0.0.1", "localhost", "::1")


class DeskError(ValueError):
    """The desk cannot start as asked, said in Chinese."""


def desk_folder(content_dir: Path) -> Path:
    return Path(content_dir).resolve().parent / ".desk"


def accounts_of(content_dir: Path) -> Accounts:
    return Accounts(desk_folder(content_dir) / "accounts.json")


def _secret_key(folder: Path) -> bytes:
    """Kept across restarts on a district's desk, so a restart does not log everyone out."""
    path = folder / "secret"
    if not path.is_file():
        write_file(path, secrets.token_bytes(32), mode=0o600)
    return path.read_bytes()


def preview_url(settings) -> str:
    """Where `make serve` shows the site: its address, under the site's own sub-path."""
    return f"http://{settings.dev_addr}{urlsplit(settings.site_url).path or '/'}"


def desk_config(settings, host: str, behind_proxy: bool = False) -> DeskConfig:
    content_dir = Path(settings.content_dir)
    if not (content_dir / "offices").is_dir():
        raise DeskError(f"找不到内容文件夹 {content_dir}/offices：请在网站项目的文件夹里运行，或用 --content 指定")
    common = dict(content_dir=content_dir, preview_url=preview_url(settings), second_person=settings.second_reviewer)
    if host in LOOPBACK and not behind_proxy:
        token = secrets.token_urlsafe(24)
        hosts = ("127.0.0.1", "localhost", "::1")
        return DeskConfig(**common, local_token=token, allowed_hosts=hosts)
    accounts = accounts_of(content_dir)
    if not accounts:
        raise DeskError("编辑台要在本机以外提供服务时必须使用账号登录，但还没有任何账号："
                        "请先用 service-guide desk-account 添加（见编辑指南“编辑台”一节）")
    return DeskConfig(**common, accounts=accounts, behind_proxy=behind_proxy,
                      secret_key=_secret_key(desk_folder(content_dir)))


def address(config: DeskConfig, host: str, port: int) -> str:
    """The address to open: with the token on the local desk."""
    if config.local_token:
        return f"http://127.0.0.1:{port}/?token={config.local_token}"
    return f"http://{'[' + host + ']' if ':' in host else host}:{port}/"


def run(settings, host: str, port: int, open_browser: bool, behind_proxy: bool = False) -> int:
    config = desk_config(settings, host, behind_proxy)
    try:
        server = create_server(create_app(config), host=host, port=port, threads=8, ident="desk")
    except OSError as exc:
        raise DeskError(f"无法在 {host}:{port} 上启动编辑台（{exc.strerror or exc}）：端口可能已被占用，请用 --port 换一个") from None
    url = address(config, host, server.effective_port)
    print(f"编辑台：{url}", flush=True)
    print("按 Ctrl+C 停止。" + ("这个链接含有密钥，不要发给别人。" if config.local_token else ""), flush=True)
    if open_browser:
        threading.Timer(0.5, webbrowser.open, (url,)).start()
    try:
        server.run()
    except KeyboardInterrupt:
        print("编辑台已停止", file=sys.stderr)
    return 0
