"""Errors raised by the client.

Every error derives from :class:`APIError`. Three families sit apart, so that catching one
never catches another by accident:

- :class:`APIStatusError`: the server answered with an error status. It carries the status,
  headers, parsed body, the request id and the API's own ``code``, ``message`` and
  ``details``; each status family has its subclass (:class:`NotFoundError`,
  :class:`RateLimitError` with ``retry_after``…), and a redirect the client did not follow
  raises :class:`UnexpectedRedirectError`.
- :class:`APIResponseValidationError`: the call succeeded but the body does not match its
  documented type (the API changed under the client).
- :class:`APIConnectionError` (:class:`APITimeoutError` for timeouts): no answer came; it
  names the method, the URL (credentials hidden) and the cause.

A listing that stops advancing raises :class:`PaginationError`; a webhook delivery whose
signature does not check out raises :class:`WebhookVerificationError`; a client without the
credential a call needs raises :class:`MissingCredentialError` before sending anything.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Type

import httpx

from ._retry import server_wait

# Response headers that carry the id a server gives each request, most common first.
REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "x-amz-request-id", "x-ms-request-id",
                      "x-github-request-id", "x-correlation-id", "x-trace-id")


def request_id_of(headers: httpx.Headers) -> Optional[str]:
    """The server's id of the request, when a usual header carries one."""
    for name in REQUEST_ID_HEADERS:
        value = headers.get(name)
        if value:
            return str(value)
    return None


class APIError(Exception):
    """Base class of every error this client raises."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class MissingCredentialError(APIError):
    """No credential for a call that needs one: raised by the constructor when every
    operation of the API needs one, else before sending a request that does. The message
    names the client argument and the environment variable that would give it."""

    def __init__(self, api: str, how: str) -> None:
        super().__init__(f"{api}: no credential: {how}")
        self.api = api


class APIConnectionError(APIError):
    """The server could not be reached, or the connection broke before an answer came.

    ``method`` and ``url`` name the request (credentials in the URL hidden), ``cause`` is
    the underlying exception (also the ``__cause__``).
    """

    def __init__(self, message: str, *, method: str = "", url: str = "", cause: Optional[BaseException] = None) -> None:
        super().__init__(message)
        self.method = method
        self.url = url
        self.cause = cause


class APITimeoutError(APIConnectionError):
    """The request took longer than its timeout."""


class _ResponseError(APIError):
    """What every error about an answer carries: the response, its status, headers, body and
    the server's request id (quote it to the API's support)."""

    def __init__(self, message: str, *, response: httpx.Response, body: Any) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.body = body
        self.request_id = request_id_of(response.headers)


class APIStatusError(_ResponseError):
    """The server answered with an error status (or an error in its response envelope).

    ``code``, ``api_message`` and ``details`` are the API's own, read from the error body
    where the API documents them (or where APIs usually put them); None when absent.
    """

    def __init__(self, message: str, *, response: httpx.Response, body: Any, code: Any = None,
                 api_message: Optional[str] = None, details: Any = None) -> None:
        super().__init__(message, response=response, body=body)
        self.code = code
        self.api_message = api_message
        self.details = details


class APIResponseValidationError(_ResponseError):
    """A successful response whose body does not match the documented type.

    Not an :class:`APIStatusError`: the call did what was asked, the API's answer changed
    shape. ``except APIStatusError`` does not swallow it.
    """


class UnexpectedRedirectError(APIStatusError):
    """A 3xx status the client did not follow.

    An API call that answers with a redirect has not done what was asked (a DELETE
    answered 301 deleted nothing). Redirects are followed only when the ``http_client``
    passed to the client was made with ``follow_redirects=True``, and then never with
    credentials to another origin.
    """


class PaginationError(APIError):
    """A listing stopped advancing: a page repeated the previous one, or the server handed
    back the cursor or link it was just given, so iterating on would never end."""


class WebhookVerificationError(APIError):
    """A webhook delivery failed its check: the signature or timestamp header is missing or
    malformed, the timestamp is too old (or too far ahead), or no secret signs the body."""


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
    """429 Too Many Requests. ``retry_after``: the seconds the server asked to wait
    (``Retry-After`` or a rate-limit reset header), None when it did not say."""

    def __init__(self, message: str, *, response: httpx.Response, body: Any, code: Any = None,
                 api_message: Optional[str] = None, details: Any = None) -> None:
        super().__init__(message, response=response, body=body, code=code, api_message=api_message, details=details)
        self.retry_after: Optional[float] = server_wait(response)


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


def error_for_status(response: httpx.Response, body: Any, message: Optional[str], note: str = "", *,
                     code: Any = None, details: Any = None) -> APIStatusError:
    """The error for a failed ``response``: the subclass of its status family.

    ``message``, ``code`` and ``details`` are the API's own (from the body); ``note`` says
    why the client stopped retrying, when it did.
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
    if code is not None and str(code) not in text:
        text = f"{text} [{code}]"
    request_id = request_id_of(response.headers)
    if request_id:
        text = f"{text} (request id {request_id})"
    if note:
        text = f"{text} ({note})"
    return kind(text, response=response, body=body, code=code, api_message=message, details=details)


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
    "request_id_of",
]
