"""The system libraries Qt's window needs on Linux, checked before Qt is started.

The PySide6 wheel brings Qt itself but not the X11/XCB, OpenGL, font and D-Bus libraries of the system. When one is
missing, Qt aborts with "Could not load the Qt platform plugin xcb … xcb-cursor0 or libxcb-cursor0 is needed", which
names a library that may well be there while the really missing ones (``libxcb-icccm4``, ``libxcb-keysyms1`` …) go
unnamed. So ``make run`` (``python -m ui.system_libs``) and :func:`ui.app.run` look first — each library opened with
``dlopen``, as Qt would, a few milliseconds — and print the one command that installs what is missing.

Imports no Qt (it must run where Qt cannot). The list is what ``ldd`` shows for ``PySide6/Qt/plugins/platforms/
libqxcb.so`` and the Qt libraries it loads, less what every system has (libc, libstdc++, zlib); ``python -m
ui.system_libs`` also runs ``ldd`` there, so a library a newer PySide6 adds is reported too.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

#: soname → (Debian/Ubuntu package, Fedora package). The Debian names are those of Debian 12 and Ubuntu 22.04; apt
#: takes them on newer releases too (``libglib2.0-0`` selects ``libglib2.0-0t64``).
LIBRARIES: dict[str, tuple[str, str]] = {
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
}


def needs_xcb(environ: dict[str, str] | None = None) -> bool:
    """True when Qt will draw through X11 (XCB): Linux, a display, and no other platform asked for or preferred
    (``QT_QPA_PLATFORM=offscreen`` for tests, Wayland when the session is a Wayland one)."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return False
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":")[0].split(";")[0] == "xcb"
    return bool(env.get("DISPLAY")) and not env.get("WAYLAND_DISPLAY")


def missing(names: list[str] | None = None) -> list[str]:
    """The sonames of :data:`LIBRARIES` (or ``names``) that the dynamic loader cannot open."""
    absent = []
    for name in names if names is not None else list(LIBRARIES):
        try:
            ctypes.CDLL(name)
        except OSError:
            absent.append(name)
    return absent


def qxcb_plugin() -> Path | None:
    """Where PySide6's XCB platform plugin is, found without importing Qt."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    plugin = Path(next(iter(spec.submodule_search_locations))) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.exists() else None


def ldd_missing() -> list[str]:
    """The libraries ``ldd`` reports "not found" for the XCB plugin (all of them, known to :data:`LIBRARIES` or
    not); empty where there is no ``ldd`` or no plugin."""
    plugin = qxcb_plugin()
    ldd = shutil.which("ldd")
    if plugin is None or ldd is None:
        return []
    qt_lib = plugin.parents[2] / "lib"
    env = dict(os.environ, LD_LIBRARY_PATH=os.pathsep.join(filter(None, [str(qt_lib), os.environ.get(
        "LD_LIBRARY_PATH", "")])))
    done = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, env=env, check=False)
    return sorted({line.split()[0] for line in done.stdout.splitlines() if "not found" in line})


def install_hint(absent: list[str]) -> str:
    """What to tell the person: the missing libraries and the command that installs them, per distribution."""
    from ssdesk.i18n import _

    debian = sorted({LIBRARIES[name][0] for name in absent if name in LIBRARIES})
    fedora = sorted({LIBRARIES[name][1] for name in absent if name in LIBRARIES})
    unknown = sorted(name for name in absent if name not in LIBRARIES)
    lines = ["ssdesk: " + _("the window cannot open: these system libraries are missing: {names}.")
             .format(names=", ".join(absent))]
    if debian:
        lines += [_("Install them on Debian or Ubuntu:"), "    sudo apt-get install " + " ".join(debian)]
    if fedora:
        lines += [_("on Fedora:"), "    sudo dnf install " + " ".join(fedora)]
    if unknown:
        lines += [_("Not in ssdesk's list; install the package that provides: {names}").format(
            names=", ".join(unknown))]
    return "\n".join(lines)


def check() -> str | None:
    """Before Qt is imported (``ssdesk`` opening the app): the install hint when the window would need XCB and a
    library is missing, else None. Only the dlopen test (no ``ldd``): it costs what Qt's own loading then saves."""
    if not needs_xcb():
        return None
    absent = missing()
    return install_hint(absent) if absent else None


def main() -> int:
    """``python -m ui.system_libs``: 0 when the window can open (or needs nothing here), 1 with the install
    command otherwise. Run by ``make run`` before the app."""
    if not sys.platform.startswith("linux"):
        return 0
    from ssdesk.i18n import set_language

    set_language(os.environ.get("SSDESK_LANG"))
    absent = sorted(set(missing()) | set(ldd_missing()))
    if absent:
        print(install_hint(absent), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
