"""Keep the Vietnamese catalogue in step with the code (developer tool; needs Babel from the ``test`` extra).

    python tools/i18n.py update   # extract strings from ssdesk/ and ui/, merge into vi/ssdesk.po, compile .mo
    python tools/i18n.py check    # exit 1 if a string lacks a translation or the .mo is stale (the tests run it)

Strings are marked with ``_()``, ``N_()`` and ``ngettext()`` from ``ssdesk.i18n``; argparse's own strings are listed
in ``ssdesk/i18n_extra.py`` so that ``ssdesk --help`` is Vietnamese too.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "resources" / "locale"
LANGS = ("vi",)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def extract() -> Catalog:
    template = Catalog(project="ssdesk", charset="utf-8")
    for folder in ("ssdesk", "ui"):
        for filename, lineno, message, comments, context in extract_from_dir(
                ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)):
            template.add(message, None, [(f"{folder}/{filename}", lineno)], auto_comments=comments,
                         context=context)
    return template


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "ssdesk.po"


def load(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, project="ssdesk", charset="utf-8")
    with path.open("rb") as fh:
        return read_po(fh, locale=lang)


def mo_bytes(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def translations(catalog: Catalog) -> dict[object, object]:
    """What a catalogue translates, keyed by (context, id), the header left out: the header names Babel's version, so
    comparing bytes would call a .mo stale whenever Babel is updated, though it says the same."""
    def plain(value: object) -> object:  # plural forms: a tuple from a .po, a list from a .mo
        return tuple(value) if isinstance(value, (list, tuple)) else value

    return {(m.context, plain(m.id)): plain(m.string) for m in catalog if m.id and not m.fuzzy}


def mo_is_current(mo: Path, catalog: Catalog) -> bool:
    if not mo.exists():
        return False
    with mo.open("rb") as fh:
        compiled = read_mo(fh)
    return translations(compiled) == translations(catalog)


def update() -> None:
    template = extract()
    for lang in LANGS:
        catalog = load(lang)
        catalog.update(template, no_fuzzy_matching=True)
        path = po_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            write_po(fh, catalog, width=120, omit_header=False, sort_output=True, ignore_obsolete=True)
        path.with_suffix(".mo").write_bytes(mo_bytes(catalog))
        missing = [m.id for m in catalog if m.id and not m.string]
        print(f"{lang}: {len(catalog)} strings, {len(missing)} untranslated")


def problems() -> list[str]:
    template = extract()
    out: list[str] = []
    for lang in LANGS:
        catalog = load(lang)
        for message in template:
            if not message.id:
                continue
            found = catalog.get(message.id, context=message.context)
            if found is None or not found.string or (isinstance(found.string, tuple) and not all(found.string)):
                out.append(f"{lang}: untranslated: {message.id!r}")
            elif found.fuzzy:
                out.append(f"{lang}: fuzzy: {message.id!r}")
        mo = po_path(lang).with_suffix(".mo")
        if not mo_is_current(mo, catalog):
            out.append(f"{lang}: {mo.relative_to(ROOT)} is stale: run python tools/i18n.py update")
    return out


if __name__ == "__main__":
    if sys.argv[1:] == ["update"]:
        update()
    elif sys.argv[1:] == ["check"]:
        found = problems()
        print("\n".join(found) or "ok")
        sys.exit(1 if found else 0)
    else:
        print(__doc__)
        sys.exit(2)
