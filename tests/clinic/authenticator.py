"""A software authenticator for tests: an ES256 key pair per passkey, answering the server's
WebAuthn options as a browser would pass them on (PublicKeyCredential.toJSON()): attestation
"none" when making a passkey, a signature over the authenticator data and the client data's
hash when using one. Built with ``cryptography`` and the webauthn library's own CBOR and
base64url helpers."""

from __future__ import annotations

import hashlib
import json
import secrets
import struct
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url, encode_cbor

UP, UV, AT = 0x01, 0x04, 0x40  # authenticator data flags: present, verified, attested data


@dataclass
class Key:
    credential_id: bytes
    private: ec.EllipticCurvePrivateKey
    rp_id: str
    user_handle: bytes
    count: int = 0


@dataclass
class Authenticator:
    origin: str
    keys: list[Key] = field(default_factory=list)
    verified: bool = True
    counting: bool = True  # some authenticators always say 0

    def _flags(self, *extra: int) -> int:
        value = UP | (UV if self.verified else 0)
        for flag in extra:
            value |= flag
        return value

    def create(self, options: dict[str, Any], again: Key | None = None) -> dict[str, Any]:
        """A new passkey for ``options`` (from /api/v1/passkeys/new/options): its credential.
        ``again`` offers a passkey made before instead, as if the browser had not excluded it."""
        rp_id = options["rp"]["id"]
        excluded = {c["id"] for c in options.get("excludeCredentials", [])}
        assert again or not any(
            bytes_to_base64url(k.credential_id) in excluded for k in self.keys
        ), "this authenticator has a passkey for the account already"
        key = again or Key(
            secrets.token_bytes(32),
            ec.generate_private_key(ec.SECP256R1()),
            rp_id,
            base64url_to_bytes(options["user"]["id"]),
        )
        if again is None:
            self.keys.append(key)
        numbers = key.private.public_key().public_numbers()
        cose = encode_cbor(
            {
                1: 2,
                3: -7,
                -1: 1,
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )
        attested = bytes(16) + struct.pack(">H", len(key.credential_id)) + key.credential_id + cose
        data = _rp_hash(rp_id) + bytes([self._flags(AT)]) + struct.pack(">I", 0) + attested
        attestation = encode_cbor({"fmt": "none", "attStmt": {}, "authData": data})
        client = self._client("webauthn.create", options["challenge"])
        return {
            "id": bytes_to_base64url(key.credential_id),
            "rawId": bytes_to_base64url(key.credential_id),
            "type": "public-key",
            "authenticatorAttachment": "platform",
            "clientExtensionResults": {},
            "response": {
                "clientDataJSON": bytes_to_base64url(client),
                "attestationObject": bytes_to_base64url(attestation),
                "transports": ["internal"],
            },
        }

    def get(
        self, options: dict[str, Any], key: Key | None = None, *, origin: str | None = None
    ) -> dict[str, Any]:
        """An assertion for ``options`` (from /api/v1/login/passkey/options), by ``key`` (the
        first passkey made, by default), as a discoverable credential with its user handle."""
        key = key or self.keys[0]
        if self.counting:
            key.count += 1
        data = _rp_hash(options["rpId"]) + bytes([self._flags()]) + struct.pack(">I", key.count)
        client = self._client("webauthn.get", options["challenge"], origin)
        signature = key.private.sign(
            data + hashlib.sha256(client).digest(), ec.ECDSA(hashes.SHA256())
        )
        return {
            "id": bytes_to_base64url(key.credential_id),
            "rawId": bytes_to_base64url(key.credential_id),
            "type": "public-key",
            "authenticatorAttachment": "platform",
            "clientExtensionResults": {},
            "response": {
                "clientDataJSON": bytes_to_base64url(client),
                "authenticatorData": bytes_to_base64url(data),
                "signature": bytes_to_base64url(signature),
                "userHandle": bytes_to_base64url(key.user_handle),
            },
        }

    def _client(self, kind: str, challenge: str, origin: str | None = None) -> bytes:
        body = {"type": kind, "challenge": challenge, "origin": origin or self.origin}
        return json.dumps({**body, "crossOrigin": False}).encode()


def _rp_hash(rp_id: str) -> bytes:
    return hashlib.sha256(rp_id.encode()).digest()
