"""IAM for the emulator: the API-key grant at /identity/token, and checking bearer tokens.

Tokens look like IBM's (a signed JWT with `exp`, `iat`, `iam_id`, `account`) and live
`lifetime` seconds of emulator time; `expire_all()` ends every token at once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import secrets
import threading
from typing import Any

from werkzeug.wrappers import Request, Response

from qiskit_runtime_client.testing._errors import (
    INVALID_CREDENTIALS,
    NOT_AUTHORIZED,
    ApiError,
    json_response,
)

GRANT_TYPE = "urn:ibm:params:oauth:grant-type:apikey"
TOKEN_PATH = "/identity/token"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class TokenIssuer:
    """Issues and checks access tokens for one API key."""

    def __init__(self, api_key: str, account_id: str, lifetime: float) -> None:
        self.api_key = api_key
        self.account_id = account_id
        self.lifetime = lifetime
        self._secret = secrets.token_bytes(32)
        self._lock = threading.Lock()
        self._expiry: dict[str, float] = {}
        self.issued = 0

    def issue(self, now: float) -> dict[str, Any]:
        """A token response like IAM's for the API-key grant."""
        lifetime = math.ceil(self.lifetime)
        expires = now + self.lifetime
        claims = {
            "iam_id": "IBMid-emulator",
            "id": "IBMid-emulator",
            "realmid": "IBMid",
            "jti": secrets.token_hex(8),
            "identifier": "emulator",
            "sub": "emulator@example.com",
            "sub_type": "ServiceId",
            "account": {"valid": True, "bss": self.account_id},
            "iat": int(now),
            "exp": int(expires),
            "iss": "https://iam.cloud.ibm.com/identity",
            "grant_type": GRANT_TYPE,
            "scope": "ibm openid",
            "client_id": "default",
        }
        head = _b64url(json.dumps({"kid": "emulator", "alg": "HS256"}).encode())
        body = _b64url(json.dumps(claims).encode())
        signature = hmac.new(self._secret, f"{head}.{body}".encode(), hashlib.sha256).digest()
        token = f"{head}.{body}.{_b64url(signature)}"
        with self._lock:
            self._expiry[token] = expires
            self.issued += 1
        return {
            "access_token": token,
            "refresh_token": "not_supported",
            "token_type": "Bearer",
            "expires_in": lifetime,
            "expiration": int(expires),
            "scope": "ibm_openid",
        }

    def expire_all(self, now: float) -> None:
        """Make every token issued so far expired."""
        with self._lock:
            for token in self._expiry:
                self._expiry[token] = min(self._expiry[token], now)

    def check(self, authorization: str | None, now: float) -> None:
        """Accept `Bearer <token we issued, not expired>` or `apikey <our key>`; else 401."""
        if not authorization:
            raise ApiError(
                401,
                "Missing Authorization header: send 'Authorization: Bearer <IAM access token>'",
                code=NOT_AUTHORIZED,
            )
        scheme, _, value = authorization.partition(" ")
        value = value.strip()
        if scheme.lower() == "apikey" and hmac.compare_digest(value, self.api_key):
            return
        if scheme.lower() == "bearer":
            with self._lock:
                expiry = self._expiry.get(value)
            if expiry is None:
                raise ApiError(401, "Invalid IAM access token", code=INVALID_CREDENTIALS)
            if now >= expiry:
                raise ApiError(
                    401,
                    "The IAM access token has expired; request a new one from IAM",
                    code=INVALID_CREDENTIALS,
                )
            return
        raise ApiError(
            401,
            "Invalid credentials: use 'Authorization: Bearer <IAM access token>'",
            code=INVALID_CREDENTIALS,
        )


def _iam_error(code: str, message: str, status: int = 400) -> Response:
    body = {
        "errorCode": code,
        "errorMessage": message,
        "context": {"requestId": secrets.token_hex(16), "requestType": "incoming.Identity_Token"},
    }
    return json_response(body, status)


def token_endpoint(issuer: TokenIssuer, request: Request, now: float) -> Response:
    """POST /identity/token with form grant_type=...apikey&apikey=KEY."""
    if request.method != "POST":
        return _iam_error("BXNIM0109E", "Only POST is supported on /identity/token", 405)
    if request.mimetype != "application/x-www-form-urlencoded":
        return _iam_error(
            "BXNIM0109E", "Content-Type must be application/x-www-form-urlencoded", 400
        )
    grant = request.form.get("grant_type")
    if grant != GRANT_TYPE:
        return _iam_error("BXNIM0103E", f"Unsupported grant_type {grant!r}; use {GRANT_TYPE}")
    apikey = request.form.get("apikey")
    if not apikey:
        return _iam_error("BXNIM0109E", "Property missing or empty: apikey")
    if not hmac.compare_digest(apikey, issuer.api_key):
        return _iam_error("BXNIM0415E", "Provided API key could not be found.")
    return json_response(issuer.issue(now))
