"""Old Word and WPS files (.doc, .wps) and WPS spreadsheets calamine cannot read, converted by
LibreOffice in headless mode when it is installed: the same conversion an editor would do by hand
with "另存为 .docx". Without LibreOffice the editor is told how to do either."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from generator.output import write_file

CONVERT_SECONDS = 120
TARGET = {".doc": "docx", ".rtf": "docx", ".wps": "docx", ".wpt": "docx", ".dot": "docx", ".et": "xlsx", ".ett": "xlsx",
          ".xls": "xlsx"}
INSTALL_HINT = ("安装 LibreOffice 后可直接导入（Debian/Ubuntu：sudo apt-get install libreoffice-writer-nogui "
                "libreoffice-calc-nogui）；或在 Word / WPS 中另存为 .docx（表格另存为 .xlsx）后再导入")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def converted(path: Path, data: bytes, kind: str = "") -> bytes:
    """The document converted to .docx (or .xlsx); ValueError in Chinese when LibreOffice is missing
    or cannot read it. `kind` says what the file really is when its name says otherwise (RTF 文件)."""
    target = "docx" if kind else TARGET.get(path.suffix.lower(), "docx")
    program = soffice()
    if program is None:
        what = kind or f"旧版 Word / WPS 文件（{path.suffix or '无扩展名'}）"
        raise ValueError(f"{path.name}: 这是{what}，需要 LibreOffice 才能读取。{INSTALL_HINT}")
    # ignore_cleanup_errors: a folder LibreOffice still held is removed as far as it can be, never left whole
    with tempfile.TemporaryDirectory(prefix="service-guide-convert-", ignore_cleanup_errors=True) as tmp:
        source = Path(tmp) / ("source" + (path.suffix.lower() or ".doc"))
        write_file(source, data)
        # its own profile: a desktop LibreOffice the editor has open does not block the conversion
        profile = Path(tmp) / "profile"
        returncode = _run([program, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                           "--convert-to", target, "--outdir", tmp, str(source)], {**os.environ, "HOME": tmp})
        if returncode is None:
            raise ValueError(f"{path.name}: LibreOffice 在 {CONVERT_SECONDS} 秒内没有完成转换：请在 Word / WPS 中另存为 "
                             f".{target} 后再导入")
        result = Path(tmp) / f"source.{target}"
        if returncode != 0 or not result.is_file():
            raise ValueError(f"{path.name}: LibreOffice 无法读取这个文件（可能已损坏或设有密码）：请在 Word / WPS 中打开，"
                             f"另存为 .{target} 后再导入")
        return result.read_bytes()


def _run(command: list[str], env: dict) -> int | None:
    """The conversion's exit code, or None when it ran out of time. LibreOffice's launcher starts
    soffice.bin as a child: the whole process group is ended, so nothing keeps running after us."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                               start_new_session=True)
    try:
        return process.wait(timeout=CONVERT_SECONDS)
    except subprocess.TimeoutExpired:
        return None
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # the launcher's children too, finished or not
        except ProcessLookupError:
            pass
        process.wait()
