"""The vault and its key, without a database: records open only with their key and
under their own label and id; a lost key is never silently replaced."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from gridnet.keys import PrivacyKeyError
from gridnet.privacy import display, normalise, pseudonymise
from gridnet.settings import Settings
from gridnet.vault import Vault

pytestmark = pytest.mark.unit


def settings_in(home: Path, **extra: str) -> Settings:
    return Settings.from_env({"GRIDNET_HOME": str(home), **extra}, dotenv=None)


def test_records_round_trip_and_are_bound_to_their_resident(tmp_path: Path) -> None:
    s = settings_in(tmp_path)
    with Vault.open(s, create=True) as vault:
        rows = [{"id": "H-1", "name": "王建国", "phone": "+86 138-1234-5678", "address": ""}]
        vault.put("Household", pseudonymise("Household", rows, vault.keyring))
        assert rows[0]["name"] == "王**" and rows[0]["phone"] == "138****5678"
        assert rows[0]["address"] is None and rows[0]["address_token"] is None
        assert vault.get("Household", ["H-1", "H-2"]) == {
            "H-1": {"name": "王建国", "phone": "+86 138-1234-5678"}
        }
    # a record moved to another resident no longer opens
    con = sqlite3.connect(s.vault_file)
    con.execute("UPDATE personal SET id = 'H-9' WHERE id = 'H-1'")
    con.commit()
    con.close()
    with Vault.open(s) as vault, pytest.raises(PrivacyKeyError):
        vault.get("Household", ["H-9"])


def test_tokens_match_equal_values_in_any_spelling(tmp_path: Path) -> None:
    with Vault.open(settings_in(tmp_path), create=True) as vault:
        a = [{"id": "H-1", "phone": "13812345678", "name": "Ｗａｎｇ"}]
        b = [{"id": "P-1", "phone": "+86 138 1234 5678", "name": "Wang", "id_number": None}]
        pseudonymise("Household", a, vault.keyring)
        pseudonymise("Person", b, vault.keyring)
    assert a[0]["phone_token"] == b[0]["phone_token"]
    assert a[0]["name_token"] == b[0]["name_token"]
    assert normalise("id_number", " 42090219680101001x ") == "42090219680101001X"
    assert display("id_number", "42090219680101001x") == "4209**********001X"


def test_a_lost_key_is_not_replaced_and_a_wrong_key_is_refused(tmp_path: Path) -> None:
    s = settings_in(tmp_path)
    with Vault.open(s, create=True) as vault:
        vault.put("Person", [("P-1", {"name": "李明"})])
    kept = tmp_path / "kept.key"
    shutil.move(s.key_file, kept)
    with pytest.raises(PrivacyKeyError, match="missing"):
        Vault.open(s, create=True)  # the vault holds records: no new key
    assert not s.key_file.exists()
    other = settings_in(tmp_path / "other")
    Vault.open(other, create=True).close()
    with pytest.raises(PrivacyKeyError, match="does not open"):
        Vault.open(settings_in(tmp_path, GRIDNET_KEY_FILE=str(other.key_file)))
    with Vault.open(settings_in(tmp_path, GRIDNET_KEY_FILE=str(kept))) as vault:
        assert vault.get("Person", ["P-1"]) == {"P-1": {"name": "李明"}}


def test_two_loads_write_the_vault_at_once(tmp_path: Path) -> None:
    """Two processes' vault connections (two loads) interleave batches without a
    'database is locked' error and lose nothing."""
    import threading

    s = settings_in(tmp_path)
    Vault.open(s, create=True).close()
    errors: list[BaseException] = []

    def load(prefix: str) -> None:
        try:
            with Vault.open(s) as vault:
                for b in range(20):
                    batch = [(f"{prefix}-{b}-{i}", {"name": f"{prefix}{i}"}) for i in range(500)]
                    vault.put("Household", batch)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=load, args=(p,)) for p in ("A", "B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with Vault.open(s) as vault:
        assert vault.count("Household") == 2 * 20 * 500
