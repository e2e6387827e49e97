"""The office server's location from what a person types in a form (no server needed): URL parts round-trip, a Unix
socket folder goes where libpq reads it, the password is never shown, and every bad field is named."""

from __future__ import annotations

import pytest

from ssdesk import server
from ssdesk.errors import ValidationError


def test_form_parts_make_a_url_and_come_back() -> None:
    url = server.location_from_form("db.vanphong.local", "ssdesk_doan1", "thuky", 5433, "mật khẩu@/:")
    assert server.is_url(url)
    assert server.parts(url) == {"host": "db.vanphong.local", "port": 5433, "database": "ssdesk_doan1",
                                 "user": "thuky"}
    assert server.normalise_url(url).password == "mật khẩu@/:"  # special characters survive the URL
    shown = server.display_location(url)
    assert "mật" not in shown and "%" not in shown.split("@")[0]
    assert shown == "postgresql://thuky@db.vanphong.local:5433/ssdesk_doan1"


def test_the_default_port_is_left_out_and_a_socket_folder_goes_in_the_query() -> None:
    assert server.location_from_form(" localhost ", " ssdesk ", " an ", 5432) == "postgresql://an@localhost/ssdesk"
    url = server.location_from_form("/var/run/postgresql", "ssdesk", "an", 6543)
    assert server.normalise_url(url).query == {"host": "/var/run/postgresql", "port": "6543"}
    assert server.parts(url)["host"] == "/var/run/postgresql" and server.parts(url)["port"] == 6543


def test_a_password_is_added_only_to_connect() -> None:
    url = server.location_from_form("h", "d", "u")
    assert not server.has_password(url)
    with_pw = server.with_password(url, "bí mật")
    assert server.has_password(with_pw) and server.normalise_url(with_pw).password == "bí mật"
    assert server.display_location(with_pw) == server.display_location(url)


@pytest.mark.parametrize(("fields", "bad"), [
    (("", "d", "u", 5432), {"host"}),
    (("h", "", "", 5432), {"database", "user"}),
    (("h", "a/b", "u", "năm"), {"database", "port"}),
    (("h", "d", "u", 70000), {"port"}),
    (("  ", " ", " ", 0), {"host", "database", "user", "port"}),
])
def test_every_bad_field_is_named(fields: tuple[str, str, str, object], bad: set[str]) -> None:
    host, database, user, port = fields
    with pytest.raises(ValidationError) as info:
        server.location_from_form(host, database, user, port)  # type: ignore[arg-type]
    assert {e.field for e in info.value.errors} == bad
    assert all(e.message for e in info.value.errors)
