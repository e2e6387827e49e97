#!/usr/bin/env bash
# CI, after `make test`: build the standalone app (PyInstaller) in its own virtual environment, wrap it for this
# platform, then run the smoke test of tests/test_bundle.py against that very bundle. Prints sizes and times.
#   tools/ci_bundle.sh                 (PYTHON=python3.12 tools/ci_bundle.sh to pick the interpreter)
# Needs: python3 >= 3.11; the test venv .venv of `make test` (for pytest + pypdf; made here if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
BUILD_VENV=${BUILD_VENV:-.venv-build}
DIST=${DIST:-dist}

t0=$(date +%s)
if [ ! -x "$BUILD_VENV/bin/python" ]; then
    "$PYTHON" -m venv "$BUILD_VENV"
fi
# the app's runtime dependencies + the optional encryption (so the shipped app can open encrypted files) and office
# server mode (psycopg with its own libpq, so it can open the office's PostgreSQL database) + PyInstaller;
# no test tools: what is not installed cannot end up in the bundle
"$BUILD_VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[build,encryption,server]'
t1=$(date +%s)

"$BUILD_VENV/bin/python" build_installer.py --dist "$DIST"
t2=$(date +%s)

if [ ! -x .venv/bin/python ]; then  # normally made by `make test` just before
    "$PYTHON" -m venv .venv
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
fi
# the test venv only drives the frozen executable; the bundle itself never sees a Python
SSDESK_BUNDLE="$DIST/ssdesk" .venv/bin/python -m pytest tests/test_bundle.py --run-slow -p no:cacheprovider -q -s
t3=$(date +%s)

echo "bundle: $(du -sm "$DIST/ssdesk" | cut -f1) MiB in $DIST/ssdesk"
for f in "$DIST"/*.tar.gz "$DIST"/*.deb "$DIST"/*.zip "$DIST"/*.exe "$DIST"/*.dmg; do
    [ -f "$f" ] && echo "package: $f $(du -m "$f" | cut -f1) MiB"
done
echo "times: venv $((t1 - t0)) s, build+package $((t2 - t1)) s, smoke test $((t3 - t2)) s"
