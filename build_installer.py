"""Build the standalone ssdesk (no Python needed on the target machine) and wrap it for this platform.

    python build_installer.py                 # needs `pip install -e .[build]`; results in dist/
    python build_installer.py --skip-package  # only the app folder dist/ssdesk/ (what tests/test_bundle.py runs)
    python build_installer.py --dist DIR      # somewhere else

Step 1: PyInstaller, one folder, from ``installer/ssdesk.spec`` (which lists every data file the app reads).
Step 2, per platform:
  Linux    ssdesk-VERSION-linux-ARCH.tar.gz, and ssdesk_VERSION_ARCH.deb when ``dpkg-deb`` is there
           (/opt/ssdesk, /usr/bin/ssdesk, a .desktop entry and the icon)
  Windows  ssdesk-VERSION-setup.exe with Inno Setup (``iscc``, script ``installer/ssdesk.iss``), else a .zip
  macOS    ssdesk.app in ssdesk-VERSION.dmg with ``hdiutil`` (this path is written but has not been run on a Mac)
It ends by printing each result with its size. Exit status 1 with a one-line message when something is missing.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
SPEC = ROOT / "installer" / "ssdesk.spec"
ISS = ROOT / "installer" / "ssdesk.iss"
ICONS = ROOT / "resources" / "icons"
APP = "ssdesk"
SUMMARY = "Case files of supervision delegations (Đoàn giám sát): visits, minutes, follow-up"


class BuildError(Exception):
    """A step cannot be done; the message says what to do."""


def version() -> str:
    text = (ROOT / "ssdesk" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.M)
    if not found:
        raise BuildError("no __version__ in ssdesk/__init__.py")
    return found.group(1)


def size_of(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mib(n: int) -> str:
    return f"{n / 2**20:.1f} MiB"


def freeze(dist: Path, work: Path) -> Path:
    """Run PyInstaller on the spec; the app folder (or the .app on macOS)."""
    if importlib.util.find_spec("PyInstaller") is None:
        raise BuildError("PyInstaller is not installed in this Python: pip install -e '.[build]'")
    import PyInstaller.__main__

    try:
        PyInstaller.__main__.run([str(SPEC), "--noconfirm", "--clean", "--log-level", "WARN",
                                  "--distpath", str(dist), "--workpath", str(work)])
    except SystemExit as exc:  # PyInstaller exits on its own errors, after logging them
        if exc.code:
            raise BuildError(f"PyInstaller failed ({exc.code}); see its messages above") from None
    folder = dist / (f"{APP}.app" if sys.platform == "darwin" else APP)
    if not folder.exists():
        raise BuildError(f"PyInstaller finished but {folder} is missing")
    return folder


def machine() -> str:
    arch = platform.machine().lower()
    return {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(arch, arch)


def tarball(folder: Path, dist: Path, ver: str) -> Path:
    base = dist / f"{APP}-{ver}-linux-{machine()}"
    return Path(shutil.make_archive(str(base), "gztar", folder.parent, folder.name))


def desktop_entry() -> str:
    return "\n".join([
        "[Desktop Entry]", "Type=Application", "Name=ssdesk", "GenericName=Supervision case files",
        "GenericName[vi]=Hồ sơ giám sát", f"Comment={SUMMARY}", "Exec=ssdesk %f", "Icon=ssdesk", "Terminal=false",
        "Categories=Office;", "StartupWMClass=ssdesk", "",
    ])


def linux_icon() -> tuple[Path, str] | None:
    """(icon file, its place under /usr/share/icons/hicolor) — SVG preferred; None when the repo has none yet."""
    for name, place in (("ssdesk.svg", "scalable/apps/ssdesk.svg"), ("ssdesk-256.png", "256x256/apps/ssdesk.png"),
                        ("ssdesk.png", "256x256/apps/ssdesk.png")):
        if (ICONS / name).exists():
            return ICONS / name, place
    return None


def deb(folder: Path, dist: Path, ver: str) -> Path:
    """/opt/ssdesk + /usr/bin/ssdesk → /opt/ssdesk/ssdesk + .desktop + icon, built with ``dpkg-deb``."""
    arch = machine()
    out = dist / f"{APP}_{ver}_{arch}.deb"
    with tempfile.TemporaryDirectory(prefix="ssdesk-deb-") as tmp:
        stage = Path(tmp) / "root"
        shutil.copytree(folder, stage / "opt" / APP, symlinks=True)
        (stage / "usr" / "bin").mkdir(parents=True)
        (stage / "usr" / "bin" / APP).symlink_to(f"/opt/{APP}/{APP}")
        apps = stage / "usr" / "share" / "applications"
        apps.mkdir(parents=True)
        (apps / f"{APP}.desktop").write_text(desktop_entry(), encoding="utf-8")
        icon = linux_icon()
        if icon:
            target = stage / "usr" / "share" / "icons" / "hicolor" / icon[1]
            target.parent.mkdir(parents=True)
            shutil.copy2(icon[0], target)
        installed_kib = size_of(stage) // 1024
        control = stage / "DEBIAN"
        control.mkdir()
        (control / "control").write_text("\n".join([
            f"Package: {APP}", f"Version: {ver}", f"Architecture: {arch}", "Section: misc", "Priority: optional",
            "Maintainer: ssdesk <ssdesk@localhost>", f"Installed-Size: {installed_kib}",
            # the bundle carries Python, Qt and the libraries of the wheels; these are the system libraries Qt's
            # desktop platform plugins link to (not bundled: they must match the user's X server / compositor)
            "Depends: libc6, libfontconfig1, libfreetype6, libgl1, libegl1, libdbus-1-3, libxkbcommon0, "
            "libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1",
            "Recommends: libwayland-client0, libwayland-cursor0, libwayland-egl1",
            f"Description: {SUMMARY}",
            " Standalone build of ssdesk: Python, Qt and every library are inside /opt/ssdesk.", "",
        ]), encoding="utf-8")
        for path in stage.rglob("*"):  # dpkg wants sane modes whatever the umask of the build was
            if path.is_symlink():
                continue
            mode = path.stat().st_mode
            executable = path.is_dir() or mode & stat.S_IXUSR
            path.chmod(0o755 if executable else 0o644)
        subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(stage), str(out)], check=True,
                       stdout=subprocess.DEVNULL)
    return out


def find_iscc() -> str | None:
    found = shutil.which("iscc") or shutil.which("ISCC")
    if found:
        return found
    for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles"), os.environ.get("LOCALAPPDATA")):
        for sub in ("Inno Setup 6", "Programs/Inno Setup 6"):
            if base and (Path(base) / sub / "ISCC.exe").exists():
                return str(Path(base) / sub / "ISCC.exe")
    return None


def windows(folder: Path, dist: Path, ver: str) -> list[Path]:
    iscc = find_iscc()
    if iscc is None:
        print("Inno Setup (iscc) not found: making a .zip only")
        return [Path(shutil.make_archive(str(dist / f"{APP}-{ver}-windows-{machine()}"), "zip", folder.parent,
                                         folder.name))]
    icon = ICONS / "ssdesk.ico"
    args = [iscc, "/Q", f"/DAppVersion={ver}", f"/DSourceDir={folder}", f"/DOutputDir={dist}"]
    if icon.exists():
        args.append(f"/DIconFile={icon}")
    subprocess.run([*args, str(ISS)], check=True)
    return [dist / f"{APP}-{ver}-setup.exe"]


def macos(app: Path, dist: Path, ver: str) -> list[Path]:
    """ssdesk.app into a compressed .dmg. Written for completeness; not yet run on a Mac."""
    if shutil.which("hdiutil") is None:
        raise BuildError("hdiutil not found (it comes with macOS)")
    out = dist / f"{APP}-{ver}.dmg"
    out.unlink(missing_ok=True)
    subprocess.run(["hdiutil", "create", "-volname", f"{APP} {ver}", "-srcfolder", str(app), "-ov", "-format", "UDZO",
                    str(out)], check=True)
    return [out]


def package(folder: Path, dist: Path, ver: str) -> list[Path]:
    if sys.platform == "win32":
        return windows(folder, dist, ver)
    if sys.platform == "darwin":
        return macos(folder, dist, ver)
    results = [tarball(folder, dist, ver)]
    if shutil.which("dpkg-deb"):
        results.append(deb(folder, dist, ver))
    else:
        print("dpkg-deb not found: no .deb (the .tar.gz is the whole app)")
    return results


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="build_installer.py", description="Build the standalone ssdesk with PyInstaller and wrap it for this "
        "platform (.tar.gz + .deb on Linux, Inno Setup .exe on Windows, .dmg on macOS).")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist",
                        help="output folder (default: dist/); the app folder is DIST/ssdesk")
    parser.add_argument("--work", type=Path, default=None,
                        help="PyInstaller's work folder (default: build/pyinstaller)")
    parser.add_argument("--skip-package", action="store_true",
                        help="only build the app folder, no archive or installer")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    dist = args.dist.expanduser().resolve()
    work = (args.work or ROOT / "build" / "pyinstaller").expanduser().resolve()
    started = time.monotonic()
    try:
        ver = version()
        folder = freeze(dist, work)
        frozen_s = time.monotonic() - started
        print(f"app folder: {folder} ({mib(size_of(folder))}, built in {frozen_s:.0f} s)")
        if args.skip_package:
            return 0
        results = package(folder, dist, ver)
    except BuildError as exc:
        print(f"build_installer: error: {exc}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as exc:
        print(f"build_installer: error: {exc.cmd[0]} failed with exit status {exc.returncode}", file=sys.stderr)
        return 1
    for result in results:
        print(f"built {result} ({mib(size_of(result))})")
    print(f"total {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
