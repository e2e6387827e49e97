"""Exchanging visits between case files (and with other tools) as JSON: see ``docs/exchange-format.md``."""

from ssdesk.exchange.visit_json import (
    FORMAT,
    VERSION,
    ExchangeFileError,
    dump_visit,
    export_visit,
    import_visit,
    import_visit_file,
    json_path,
    load_visit_file,
    parse_visit_json,
    save_visit_file,
    schema,
    validate_visit_data,
)

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
