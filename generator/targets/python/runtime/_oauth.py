"""OAuth 2.0 (RFC 6749) for the API's OAuth2 security schemes: the authorization URL a user
is sent to, and the token endpoint's grants (authorization code, refresh token, client
credentials), sync and async. The package's ``oauth`` module binds them to the API's URLs."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, Dict, Literal, Optional
from urllib.parse import urlencode

import httpx
from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import APIError

ClientAuth = Literal["body", "basic"]
"""How the client authenticates at the token endpoint: ``client_id`` and ``client_secret``
in the form body, or HTTP Basic (RFC 6749 §2.3.1 allows both; servers must accept Basic)."""

TOKEN_TIMEOUT = 30.0  # seconds, for a token request on a client this module creates
EXPIRY_MARGIN = 30.0  # seconds: a token this close to its expiry is refreshed before use


class OAuthToken(BaseModel):
    """A token endpoint's answer (RFC 6749 §5.1); fields the server adds are kept as extras."""

    model_config = ConfigDict(extra="allow")

    access_token: str
    token_type: str = "bearer"
    expires_in: Optional[int] = None
    refresh_token: Optional[str] = None
    scope: Optional[str] = None


class OAuthError(APIError):
    """The token endpoint refused a grant: ``error`` is the OAuth error code
    (``invalid_grant``, ``invalid_client``…), ``error_description`` the server's words."""

    def __init__(self, message: str, *, error: str, error_description: Optional[str],
                 response: Optional[httpx.Response]) -> None:
        super().__init__(message)
        self.error = error
        self.error_description = error_description
        self.response = response  # None when no request was made
        self.status_code = response.status_code if response is not None else None


def authorize_url(authorization_url: str, *, client_id: str, redirect_uri: Optional[str],
                  scopes: Iterable[str], state: Optional[str], response_type: str,
                  extra: Optional[Mapping[str, str]] = None) -> str:
    """The URL that asks the user to authorize ``client_id`` for ``scopes`` (RFC 6749 §4.1.1);
    its query is added to any the authorization URL already has."""
    params: Dict[str, str] = {"response_type": response_type, "client_id": client_id}
    if redirect_uri is not None:
        params["redirect_uri"] = redirect_uri
    scope = " ".join(scopes)
    if scope:
        params["scope"] = scope
    if state is not None:
        params["state"] = state
    params.update(extra or {})
    separator = "&" if "?" in authorization_url else "?"
    return authorization_url + separator + urlencode(params)


def token_request(token_url: str, form: Mapping[str, Optional[str]], *, client_id: str,
                  client_secret: Optional[str], client_auth: ClientAuth) -> httpx.Request:
    """The form-encoded POST of a grant to ``token_url``, the client authenticated as
    ``client_auth`` says (a public client, without a secret, sends only its id)."""
    data = {name: value for name, value in form.items() if value is not None}
    headers = {"Accept": "application/json"}
    auth: Optional[httpx.BasicAuth] = None
    if client_auth == "basic" and client_secret is not None:
        auth = httpx.BasicAuth(client_id, client_secret)
    else:
        data["client_id"] = client_id
        if client_secret is not None:
            data["client_secret"] = client_secret
    request = httpx.Request("POST", token_url, data=data, headers=headers)
    return next(auth.auth_flow(request)) if auth is not None else request


def token_from(response: httpx.Response) -> OAuthToken:
    """The token in ``response``; raises :class:`OAuthError` for an error answer."""
    try:
        body: Any = response.json()
    except ValueError:
        body = None
    if response.is_success and isinstance(body, dict):
        try:
            return OAuthToken.model_validate(body)
        except ValidationError as error:
            raise _error(response, "invalid_response", f"not a token: {error.errors()[0]['msg']}") from None
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        description = body.get("error_description")
        raise _error(response, body["error"], description if isinstance(description, str) else None)
    raise _error(response, "invalid_response", f"HTTP {response.status_code}: {response.text[:200]}")


def _error(response: httpx.Response, error: str, description: Optional[str]) -> OAuthError:
    message = f"token endpoint refused the grant: {error}" + (f": {description}" if description else "")
    return OAuthError(message, error=error, error_description=description, response=response)


def request_token(request: httpx.Request, http_client: Optional[httpx.Client]) -> OAuthToken:
    """Send the grant ``request`` (on ``http_client``, or a client made for it) and read the token."""
    if http_client is not None:
        return token_from(http_client.send(request))
    with httpx.Client(timeout=TOKEN_TIMEOUT) as client:
        return token_from(client.send(request))


async def arequest_token(request: httpx.Request, http_client: Optional[httpx.AsyncClient]) -> OAuthToken:
    """:func:`request_token` for async code."""
    if http_client is not None:
        return token_from(await http_client.send(request))
    async with httpx.AsyncClient(timeout=TOKEN_TIMEOUT) as client:
        return token_from(await client.send(request))


class _Expiring:
    """A token and when it expires (None: not said), renewed through its refresh token.

    Not locked: requests made at once from several threads may each renew an expired token.
    """

    def __init__(self, token: OAuthToken, clock: Callable[[], float]) -> None:
        self._clock = clock
        self.token = token
        self.expires_at = self._expiry(token)

    def _expiry(self, token: OAuthToken) -> Optional[float]:
        return None if token.expires_in is None else self._clock() + token.expires_in

    def _renewed(self, token: OAuthToken) -> None:
        """Use ``token``, keeping the refresh token when the server sent no new one."""
        if token.refresh_token is None:
            token = token.model_copy(update={"refresh_token": self.token.refresh_token})
        self.token, self.expires_at = token, self._expiry(token)

    def _stale(self) -> bool:
        return self.expires_at is not None and self._clock() >= self.expires_at - EXPIRY_MARGIN

    def _refresh_token(self) -> str:
        if self.token.refresh_token is None:
            raise OAuthError("the access token expired and there is no refresh token to renew it",
                             error="expired_token", error_description=None, response=None)
        return self.token.refresh_token


class RefreshingToken(_Expiring):
    """A credential provider (pass it as the client's token) that renews the access token
    with its refresh token shortly before it expires; ``renew(refresh_token)`` is the
    package's ``refresh``, bound to the client's id and secret."""

    def __init__(self, token: OAuthToken, renew: Callable[[str], OAuthToken],
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(token, clock)
        self._renew = renew

    def __call__(self) -> str:
        if self._stale():
            self._renewed(self._renew(self._refresh_token()))
        return self.token.access_token


class AsyncRefreshingToken(_Expiring):
    """:class:`RefreshingToken` for the async client: ``renew`` is a coroutine function."""

    def __init__(self, token: OAuthToken, renew: Callable[[str], Awaitable[OAuthToken]],
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(token, clock)
        self._renew = renew

    async def __call__(self) -> str:
        if self._stale():
            self._renewed(await self._renew(self._refresh_token()))
        return self.token.access_token

