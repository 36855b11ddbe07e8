"""``storage.toml``: capacities in kg, optional, unknown keys refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from cantine_supply.errors import InputError
from cantine_supply.io.storage import load_storage
from cantine_supply.planning.horizon import StorageCapacity


def test_no_file_means_no_limits(tmp_path: Path) -> None:
    assert load_storage(tmp_path) is None


def test_masses_are_converted_to_kg(tmp_path: Path) -> None:
    (tmp_path / "storage.toml").write_text(
        '[storage]\nambient = "400 kg"\nchilled = "150000 g"\n', encoding="utf-8")
    assert load_storage(tmp_path) == StorageCapacity(ambient_kg=400.0, chilled_kg=150.0)


def test_every_bad_value_is_reported(tmp_path: Path) -> None:
    (tmp_path / "storage.toml").write_text(
        '[storage]\nambient = "4 L"\nfrozn = "1 kg"\nchilled = 12\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_storage(tmp_path)
    fields = [p.field for p in caught.value.problems]
    assert fields == ["storage.ambient", "storage.frozn", "storage.chilled"]


def test_the_sample_data_has_capacities() -> None:
    assert load_storage("data") == StorageCapacity(400.0, 150.0, 40.0)
