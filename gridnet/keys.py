"""The per-installation privacy key: one file with a token key and a vault key.

Why a key file of its own: residents' clear personal values live in an encrypted
vault (``gridnet.vault``) and the graph holds only display forms and keyed tokens.
Whoever has the graph, the vault file or a backup of either but not this key
learns nothing beyond the display forms. The file is created once (mode 600, in a
700 folder) and must be backed up apart from the vault: losing it loses the clear
values for good, and tokens made afterwards no longer match the old ones.

- **token key**: HMAC-SHA-256 of a normalised value, for exact-match joins and
  duplicate detection without the value (a console user cannot compute a token
  for a guess);
- **vault key**: AES-256-GCM of each record, bound to its label and id.

>>> ring = Keyring(token_key=b"t" * 32, vault_key=b"v" * 32)
>>> ring.token("phone", "13812345678") == ring.token("phone", "13812345678")
True
>>> ring.token("phone", "13812345678") == ring.token("name", "13812345678")
False
>>> ring.open(b"Household|H-1", ring.seal(b"Household|H-1", b"secret"))
b'secret'
"""

from __future__ import annotations

import base64
import hmac
import json
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from gridnet.errors import GridnetError

__all__ = ["PrivacyKeyError", "Keyring", "create_keyring", "load_keyring", "private_dir"]

_NONCE = 12
_TOKEN_BYTES = 16  # 128 bits: no collisions among a province's residents


class PrivacyKeyError(GridnetError, RuntimeError):
    """The privacy key is missing, unreadable or does not fit the vault."""


def private_dir(path: Path) -> Path:
    """Create `path` (and parents) if needed and make it owner-only (700)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


@dataclass(frozen=True)
class Keyring:
    """The two secrets; never printed (repr hides them)."""

    token_key: bytes = field(repr=False)
    vault_key: bytes = field(repr=False)

    def token(self, kind: str, normalised: str) -> str:
        """Keyed token of an already normalised value of one kind (name, phone, ...)."""
        message = f"{kind}\x1f{normalised}".encode()
        return hmac.digest(self.token_key, message, "sha256")[:_TOKEN_BYTES].hex()

    @cached_property
    def _aead(self) -> AESGCM:
        return AESGCM(self.vault_key)

    def seal(self, aad: bytes, plaintext: bytes) -> bytes:
        """Encrypt and authenticate; `aad` binds the blob to its record."""
        nonce = os.urandom(_NONCE)
        return nonce + self._aead.encrypt(nonce, plaintext, aad)

    def open(self, aad: bytes, blob: bytes) -> bytes:
        """Decrypt a sealed blob; a wrong key or a moved blob raises PrivacyKeyError."""
        try:
            return self._aead.decrypt(blob[:_NONCE], blob[_NONCE:], aad)
        except InvalidTag:
            raise PrivacyKeyError(
                "a vault record does not open with this key: the key file is not the one "
                "the vault was written with"
            ) from None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def create_keyring(path: Path) -> Keyring:
    """Write a new key file (owner-only); refuses to overwrite an existing one."""
    private_dir(path.parent)
    ring = Keyring(token_key=os.urandom(32), vault_key=AESGCM.generate_key(bit_length=256))
    body = json.dumps(
        {
            "format": "gridnet-key/1",
            "token_key": _b64(ring.token_key),
            "vault_key": _b64(ring.vault_key),
        }
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(body + "\n")
    return ring


def load_keyring(path: Path) -> Keyring:
    """Read the key file; a clear error names the file when it is missing or bad."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        ring = Keyring(
            token_key=base64.b64decode(data["token_key"]),
            vault_key=base64.b64decode(data["vault_key"]),
        )
    except FileNotFoundError:
        raise PrivacyKeyError(
            f"the privacy key {path} is missing: clear personal values cannot be read or "
            "written without it (restore it from its backup, or set GRIDNET_KEY_FILE)"
        ) from None
    except PermissionError:
        raise PrivacyKeyError(f"the privacy key {path} is not readable by this user") from None
    except (ValueError, KeyError, TypeError):
        raise PrivacyKeyError(
            f"the privacy key {path} is damaged (not a gridnet key file)"
        ) from None
    if len(ring.vault_key) != 32 or len(ring.token_key) < 16:
        raise PrivacyKeyError(f"the privacy key {path} is damaged (wrong key sizes)")
    return ring
