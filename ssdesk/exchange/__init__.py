"""Exchanging visits between case files (and with other tools) as JSON: see ``docs/exchange-format.md``."""

from ssdesk.exchange.export import export_visit
from ssdesk.exchange.files import (
    FORMAT,
    VERSION,
    ExchangeFileError,
    dump_visit,
    load_visit_file,
    parse_visit_json,
    save_visit_file,
)
from ssdesk.exchange.importer import import_visit, import_visit_file
from ssdesk.exchange.validate import json_path, schema, validate_visit_data

__all__ = [
    "FORMAT",
    "VERSION",
    "ExchangeFileError",
    "dump_visit",
    "export_visit",
    "import_visit",
    "import_visit_file",
    "json_path",
    "load_visit_file",
    "parse_visit_json",
    "save_visit_file",
    "schema",
    "validate_visit_data",
]
