"""Who may use the desk: on 127.0.0.1 the one person at the machine (who edits and reviews every
office); served beyond it, accounts, each with a role (编辑 edits, 审核 reviews) and the offices it
may touch. Passwords are kept only as Argon2id hashes (argon2-cffi); login attempts are limited."""
from __future__ import annotations

import functools
import json
import re
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from generator.output import write_file

EDITOR, REVIEWER = "编辑", "审核"
ROLES = (EDITOR, REVIEWER)
ALL_OFFICES = "*"
LOCAL_USER = "本机编辑"
MIN_PASSWORD = 10
NAME = re.compile(r"^[\w\u4e00-\u9fff.@-]{1,40}$")

_hasher = PasswordHasher()  # Argon2id with the library's current recommended costs


class AccountError(ValueError):
    """An account that cannot be made as asked, said in Chinese."""


@dataclass(frozen=True)
class User:
    name: str
    roles: tuple[str, ...]
    offices: tuple[str, ...]  # ("*",) for every office

    def may_touch(self, office: str) -> bool:
        return ALL_OFFICES in self.offices or office in self.offices

    @property
    def reviews(self) -> bool:
        return REVIEWER in self.roles

    @property
    def edits(self) -> bool:
        return EDITOR in self.roles


LOCAL = User(LOCAL_USER, ROLES, (ALL_OFFICES,))


@dataclass
class _Account:
    name: str
    roles: list
    offices: list
    password: str  # an Argon2id hash, never the password


class Accounts:
    """The accounts file (.desk/accounts.json beside content/, kept out of git)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()

    def _read(self) -> dict[str, _Account]:
        if not self.path.is_file():
            return {}
        return {a["name"]: _Account(**a) for a in json.loads(self.path.read_text("utf-8"))}

    def __bool__(self) -> bool:
        return bool(self._read())

    def names(self) -> list[str]:
        return sorted(self._read())

    def set(self, name: str, password: str, roles: list[str], offices: list[str]) -> None:
        """Add an account, or replace one's password, roles and offices."""
        if not NAME.match(name):
            raise AccountError(f"账号名“{name}”不可用：用 1–40 个汉字、字母、数字或 . @ -")
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"密码至少 {MIN_PASSWORD} 个字符")
        unknown = [r for r in roles if r not in ROLES]
        if not roles or unknown:
            raise AccountError(f"角色只能是 {'、'.join(ROLES)}（可以两个都有）")
        if not offices:
            raise AccountError(f"请写明这个账号能修改哪些机构（机构文件夹名，用逗号分隔；全部机构写 {ALL_OFFICES}）")
        with self._lock:
            accounts = self._read()
            accounts[name] = _Account(name, list(roles), list(offices), _hasher.hash(password))
            self._write(accounts)

    def remove(self, name: str) -> bool:
        with self._lock:
            accounts = self._read()
            if accounts.pop(name, None) is None:
                return False
            self._write(accounts)
            return True

    def _write(self, accounts: dict[str, _Account]) -> None:
        write_file(self.path, json.dumps([asdict(a) for a in accounts.values()], ensure_ascii=False, indent=1), mode=0o600)

    def user(self, name: str) -> User | None:
        account = self._read().get(name)
        return User(account.name, tuple(account.roles), tuple(account.offices)) if account else None

    def check(self, name: str, password: str) -> User | None:
        """The user when the password is theirs; the same work is done for a name that does not
        exist, so the time taken does not tell which names do."""
        account = self._read().get(name)
        try:
            _hasher.verify(account.password if account else _dummy_hash(), password)
        except (VerificationError, InvalidHashError):
            return None
        return User(account.name, tuple(account.roles), tuple(account.offices)) if account else None


@functools.cache
def _dummy_hash() -> str:
    return _hasher.hash("not an account of this desk")


class LoginLimiter:
    """At most `attempts` failed logins per account name and per address within `window` seconds;
    then that name or address waits out the window."""

    def __init__(self, attempts: int = 5, window: float = 15 * 60, clock=time.monotonic):
        self.attempts, self.window, self.clock = attempts, window, clock
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str) -> list[float]:
        now = self.clock()
        kept = [t for t in self._failures.get(key, []) if now - t < self.window]
        self._failures[key] = kept
        return kept

    def wait_minutes(self, name: str, address: str) -> int:
        """0 when a login may be tried now, else how many minutes until it may."""
        with self._lock:
            full = [r for r in (self._recent(f"n:{name}"), self._recent(f"a:{address}")) if len(r) >= self.attempts]
            if not full:
                return 0
            return max(1, int(max(self.window - (self.clock() - r[-self.attempts]) for r in full) // 60) + 1)

    def failed(self, name: str, address: str) -> None:
        with self._lock:
            for key in (f"n:{name}", f"a:{address}"):
                self._recent(key).append(self.clock())

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(f"n:{name}", None)
