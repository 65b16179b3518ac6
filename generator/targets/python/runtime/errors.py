"""Errors raised by the client.

Every error derives from :class:`APIError`. A failed HTTP status raises an
:class:`APIStatusError` subclass for its family, carrying the status, the parsed body and
the API's own message; a redirect the client did not follow raises
:class:`UnexpectedRedirectError`; connection problems and timeouts raise
:class:`APIConnectionError`; a listing that stops advancing raises :class:`PaginationError`.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Type

import httpx


class APIError(Exception):
    """Base class of every error this client raises."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class APIConnectionError(APIError):
    """The server could not be reached, or the connection broke."""


class APITimeoutError(APIConnectionError):
    """The request took longer than its timeout."""


class APIStatusError(APIError):
    """The server answered with an error status (or an error in its response envelope)."""

    def __init__(self, message: str, *, response: httpx.Response, body: Any) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.body = body


class UnexpectedRedirectError(APIStatusError):
    """A 3xx status the client did not follow.

    An API call that answers with a redirect has not done what was asked (a DELETE
    answered 301 deleted nothing). Redirects are followed only when the ``http_client``
    passed to the client was made with ``follow_redirects=True``, and then never with
    credentials to another origin.
    """


class PaginationError(APIError):
    """A listing stopped advancing: a page repeated the previous one (the server ignores
    the offset), so iterating on would never end."""


class APIResponseValidationError(APIStatusError):
    """A successful response whose body does not match the documented type."""


class BadRequestError(APIStatusError):
    """400 Bad Request."""


class AuthenticationError(APIStatusError):
    """401 Unauthorized."""


class PermissionDeniedError(APIStatusError):
    """403 Forbidden."""


class NotFoundError(APIStatusError):
    """404 Not Found."""


class ConflictError(APIStatusError):
    """409 Conflict."""


class UnprocessableEntityError(APIStatusError):
    """422 Unprocessable Entity."""


class RateLimitError(APIStatusError):
    """429 Too Many Requests."""


class InternalServerError(APIStatusError):
    """A 5xx status."""


_BY_STATUS: Dict[int, Type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_for_status(response: httpx.Response, body: Any, message: Optional[str], note: str = "") -> APIStatusError:
    """The error for a failed ``response``: the subclass of its status family.

    ``message`` is the API's own (from the body); ``note`` says why the client stopped
    retrying, when it did.
    """
    status = response.status_code
    kind = _BY_STATUS.get(status)
    if kind is None and status < 400:
        kind = UnexpectedRedirectError
    elif kind is None:
        kind = InternalServerError if status >= 500 else APIStatusError
    text = f"{status} {response.reason_phrase}"
    if message:
        text = f"{text}: {message}"
    if note:
        text = f"{text} ({note})"
    return kind(text, response=response, body=body)


__all__ = [
    "APIError",
    "APIConnectionError",
    "APITimeoutError",
    "APIStatusError",
    "APIResponseValidationError",
    "UnexpectedRedirectError",
    "PaginationError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
    "error_for_status",
]
