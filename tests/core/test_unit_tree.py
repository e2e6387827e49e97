"""Moving units in the tree and recording their successions, as the units editor does through the catalogue service."""

from __future__ import annotations

import datetime as dt

import pytest

from ssdesk.enums import SuccessionKind
from ssdesk.errors import ValidationError
from ssdesk.models import Unit, UnitSuccession
from ssdesk.store import Store


@pytest.fixture
def tree(store: Store) -> dict[str, str]:
    """city → district → ward, and a second city."""
    cat = store.catalog
    city = cat.add_unit("Thành ủy Hà Nội", "city_committee").id
    district = cat.add_unit("Quận ủy Hoàng Mai", "district_committee", parent_id=city).id
    ward = cat.add_unit("Đảng ủy phường Hoàng Liệt", "ward_committee", parent_id=district).id
    other = cat.add_unit("Tỉnh ủy Bắc Ninh", "city_committee").id
    return {"city": city, "district": district, "ward": ward, "other": other}


def _messages(exc: pytest.ExceptionInfo[ValidationError], field: str) -> list[str]:
    return [e.message for e in exc.value.errors if e.field == field]


def test_a_unit_moves_under_another_parent_and_back_to_the_top(store: Store, tree: dict[str, str]) -> None:
    store.catalog.update(Unit, tree["district"], parent_id=tree["other"])
    assert store.catalog.unit(tree["district"]).parent_id == tree["other"]
    assert store.catalog.unit(tree["ward"]).parent_id == tree["district"]  # its own sub-units move with it
    store.catalog.update(Unit, tree["district"], parent_id=None)
    assert store.catalog.unit(tree["district"]).parent_id is None


def test_a_unit_cannot_go_under_itself(store: Store, tree: dict[str, str]) -> None:
    with pytest.raises(ValidationError) as exc:
        store.catalog.update(Unit, tree["district"], parent_id=tree["district"])
    assert _messages(exc, "parent_id") == ["A unit cannot be placed under itself."]


@pytest.mark.parametrize("below", ["district", "ward"])
def test_a_unit_cannot_go_under_its_own_descendants(store: Store, tree: dict[str, str], below: str) -> None:
    with pytest.raises(ValidationError) as exc:
        store.catalog.update(Unit, tree["city"], parent_id=tree[below])
    name = store.catalog.unit(tree[below]).name
    assert _messages(exc, "parent_id") == [
        f"A unit cannot be placed under itself: “{name}” is one of its own sub-units."]
    assert store.catalog.unit(tree["city"]).parent_id is None  # nothing written


def test_successions_are_listed_from_both_sides_and_removed(store: Store, tree: dict[str, str]) -> None:
    cat = store.catalog
    merged = cat.add_succession(tree["ward"], tree["other"], "merged", effective_on="01/07/2025")
    renamed = cat.add_succession(tree["district"], tree["ward"], SuccessionKind.RENAMED)
    assert [(x.predecessor.name, x.kind, x.successor.name, x.effective_on) for x in cat.successions(tree["ward"])] \
        == [("Đảng ủy phường Hoàng Liệt", SuccessionKind.MERGED, "Tỉnh ủy Bắc Ninh", dt.date(2025, 7, 1)),
            ("Quận ủy Hoàng Mai", SuccessionKind.RENAMED, "Đảng ủy phường Hoàng Liệt", None)]
    assert cat.unit(tree["ward"]).valid_to == dt.date(2025, 7, 1)  # the old unit ends when it is merged
    assert cat.dependants(UnitSuccession, merged.id) == {}
    cat.delete(UnitSuccession, merged.id)
    assert [x.id for x in cat.successions(tree["ward"])] == [renamed.id]
    assert cat.unit(tree["other"]) is not None and cat.unit(tree["ward"]) is not None


def test_a_succession_recorded_twice_or_backwards_is_refused(store: Store, tree: dict[str, str]) -> None:
    cat = store.catalog
    cat.add_succession(tree["district"], tree["ward"], "split")
    with pytest.raises(ValidationError) as exc:
        cat.add_succession(tree["district"], tree["ward"], "merged")
    assert _messages(exc, "successor_id") == ["This succession is already recorded."]
    with pytest.raises(ValidationError) as exc:
        cat.add_succession(tree["ward"], tree["district"], "merged")
    assert "cannot succeed its own successor" in _messages(exc, "successor_id")[0]
    with pytest.raises(ValidationError) as exc:
        cat.add_succession(tree["ward"], tree["ward"], "merged", effective_on="31/02/2025")
    assert {e.field for e in exc.value.errors} == {"successor_id", "effective_on"}
    assert len(cat.successions(tree["ward"])) == 1
