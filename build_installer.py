"""Build a standalone ssdesk with PyInstaller (one folder) and pack it as an archive for this platform.

    python build_installer.py            # needs `pip install pyinstaller`; result in dist/

This is the first step of shipping (resources, migrations and the Qt plugins bundled; a .tar.gz/.zip of the folder).
Platform installers (.deb, Inno Setup, .dmg) and the frozen-app smoke test come with the packaging issue.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def main() -> int:
    if importlib.util.find_spec("PyInstaller") is None:
        print("PyInstaller is not installed: python -m pip install 'pyinstaller>=6.0'", file=sys.stderr)
        return 1
    import PyInstaller.__main__

    started = time.monotonic()
    entry = ROOT / "build" / "ssdesk_entry.py"
    entry.parent.mkdir(exist_ok=True)
    entry.write_text("import sys\nfrom ssdesk.cli import main\nsys.exit(main())\n", encoding="utf-8")
    sep = os.pathsep
    PyInstaller.__main__.run([
        str(entry), "--name", "ssdesk", "--onedir", "--noconfirm", "--clean",
        "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build" / "pyinstaller"),
        "--add-data", f"{ROOT / 'resources'}{sep}resources",
        "--add-data", f"{ROOT / 'ssdesk' / 'migrations'}{sep}ssdesk/migrations",
        "--add-data", f"{ROOT / 'ssdesk' / 'exchange'}{sep}ssdesk/exchange",
        "--collect-submodules", "ssdesk", "--collect-submodules", "ui",
        "--hidden-import", "sqlalchemy.dialects.sqlite",
    ])
    folder = ROOT / "dist" / "ssdesk"
    fmt = "zip" if sys.platform == "win32" else "gztar"
    archive = shutil.make_archive(str(ROOT / "dist" / f"ssdesk-{sys.platform}"), fmt, folder.parent, folder.name)
    size = Path(archive).stat().st_size / 2**20
    print(f"built {archive} ({size:.1f} MiB) in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
