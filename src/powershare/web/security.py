"""The guard in front of every request: token, host, origin, body size and security headers.

A pure ASGI middleware, so it sees every request (pages, static files, the API) before routing:

* **token**: when the server has one, each request must carry it, as ``Authorization: Bearer``,
  ``X-Powershare-Token``, the ``token`` query parameter, or the cookie the server sets when a
  page is opened with ``?token=``; compared in constant time;
* **host**: on loopback the ``Host`` header must name the loopback (against DNS rebinding);
* **cross-site requests**: every request that may change something (any method but ``GET``,
  ``HEAD`` and ``OPTIONS``) must be JSON (``Content-Type: application/json``; no route takes a
  form or a file upload, so forms are refused) and, when it comes from a browser, from the
  app's own origin: its ``Origin`` must equal the server's scheme, host *and port* (``null``
  is refused), or without an ``Origin`` its ``Sec-Fetch-Site`` must be ``same-origin``.
  Browsers send one of the two with every such request; a request with neither comes from a
  program (curl, a script), which no web page can make the browser imitate: a page on
  another origin cannot send JSON without a CORS preflight, which this server never grants;
* **size**: request bodies above the limit are refused with 413 before they are parsed;
* **headers**: ``Content-Security-Policy: default-src 'self'`` (no external scripts, styles,
  fonts or connections), ``X-Content-Type-Options``, ``Referrer-Policy``, ``X-Frame-Options``.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Collection
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CSP", "COOKIE", "Guard", "LOOPBACK_HOSTS", "cross_site_refusal", "is_loopback"]

COOKIE = "powershare_token"
CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'self'"
)
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_loopback(host: str) -> bool:
    """Whether a bind address is the loopback interface."""
    return host.strip().lower() in LOOPBACK_HOSTS or host.startswith("127.")


def _host_name(value: str) -> str:
    value = value.strip().lower()
    if value.startswith("["):
        return value.split("]", 1)[0] + "]"
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def _origin(scheme: str, netloc: str) -> tuple[str, str, int] | None:
    """``(scheme, host, port)`` of an origin, the port made explicit; ``None`` when malformed.

    Examples
    --------
    >>> _origin("http", "127.0.0.1:8765")
    ('http', '127.0.0.1', 8765)
    >>> _origin("HTTP", "LocalHost")
    ('http', 'localhost', 80)
    >>> _origin("http", "[::1]:9000")
    ('http', '[::1]', 9000)
    >>> _origin("http", "a:b") is None
    True
    """
    scheme = scheme.lower()
    netloc = netloc.strip().lower()
    if scheme not in _DEFAULT_PORTS or not netloc or "@" in netloc:
        return None
    if netloc.startswith("["):
        host, _, rest = netloc.partition("]")
        host += "]"
        port_text = rest[1:] if rest.startswith(":") else ("" if not rest else "x")
    elif netloc.count(":") == 1:
        host, port_text = netloc.split(":")
    elif ":" in netloc:
        return None
    else:
        host, port_text = netloc, ""
    if not port_text:
        return scheme, host, _DEFAULT_PORTS[scheme]
    if not (port_text.isdigit() and len(port_text) <= 5):
        return None
    return scheme, host, int(port_text)


def cross_site_refusal(
    method: str, headers: dict[str, str], scheme: str
) -> tuple[int, str, str] | None:
    """Why a request that may change something is refused (status, error, message), or ``None``.

    Parameters
    ----------
    method
        The HTTP method (``GET``, ``HEAD`` and ``OPTIONS`` are never refused here).
    headers
        The request headers, names in lower case.
    scheme
        The scheme the server was reached by (``http``).

    Examples
    --------
    >>> own = {"host": "127.0.0.1:8765", "content-type": "application/json"}
    >>> cross_site_refusal("POST", {**own, "origin": "http://127.0.0.1:8765"}, "http") is None
    True
    >>> cross_site_refusal("POST", {**own, "origin": "http://127.0.0.1:9000"}, "http")[0]
    403
    >>> cross_site_refusal("POST", {**own, "origin": "null"}, "http")[1]
    'bad_origin'
    >>> cross_site_refusal("DELETE", {"host": "127.0.0.1:8765"}, "http")[0]
    415
    """
    if method.upper() in _SAFE:
        return None
    origin = headers.get("origin")
    own = _origin(scheme, headers.get("host", ""))
    if origin is not None:
        if origin.strip().lower() == "null":
            return (
                403,
                "bad_origin",
                "requests from a page without an origin (Origin: null: a sandboxed frame, a "
                "local file or a redirect) may not change anything here",
            )
        parts = urlsplit(origin.strip())
        theirs = _origin(parts.scheme, parts.netloc) if not parts.path.strip("/") else None
        if theirs is None or own is None or theirs != own:
            mine = "this server"
            if own is not None:
                port = "" if own[2] == _DEFAULT_PORTS[own[0]] else f":{own[2]}"
                mine = f"{own[0]}://{own[1]}{port}"
            return (
                403,
                "bad_origin",
                f"requests from {origin!r} may not change anything here: only this app's own "
                f"pages ({mine}) may",
            )
    else:
        site = headers.get("sec-fetch-site")
        if site is not None and site.strip().lower() != "same-origin":
            return (
                403,
                "bad_origin",
                f"requests from another site (Sec-Fetch-Site: {site}) may not change anything "
                "here: only this app's own pages may",
            )
    ctype = headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/json":
        given = f"Content-Type {ctype!r}" if ctype else "no Content-Type"
        return (
            415,
            "bad_content_type",
            f"requests that change something must be JSON (Content-Type: application/json); "
            f"got {given}",
        )
    return None


async def _reply(send: Send, status: int, error: str, message: str) -> None:
    body = json.dumps({"error": error, "message": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"content-security-policy", CSP.encode()),
                (b"x-content-type-options", b"nosniff"),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class Guard:
    """ASGI middleware enforcing the token, host, origin and size rules (see module doc).

    Parameters
    ----------
    app
        The application to guard.
    token
        The secret every request must carry, or ``None`` (loopback only).
    max_body
        Largest request body in bytes.
    allowed_hosts
        Host names the ``Host`` header may carry; ``None`` accepts any (with a token).
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        token: str | None,
        max_body: int,
        allowed_hosts: Collection[str] | None,
    ) -> None:
        self.app = app
        self.token = token.encode() if token else None
        self.max_body = max_body
        self.allowed_hosts = None if allowed_hosts is None else {h.lower() for h in allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":
            return  # no websockets
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        method = scope["method"]
        host = _host_name(headers.get("host", ""))
        if self.allowed_hosts is not None and host not in self.allowed_hosts:
            await _reply(send, 421, "bad_host", f"host {host!r} is not served here")
            return
        set_cookie = False
        if self.token is not None:
            given, from_query = self._given_token(scope, headers)
            if given is None or not hmac.compare_digest(given.encode(), self.token):
                await _reply(
                    send,
                    401,
                    "token_required",
                    "this server needs its access token: open the address printed by "
                    "'powershare serve' (it ends in ?token=...) or send the header "
                    "'Authorization: Bearer <token>'",
                )
                return
            set_cookie = from_query
        refusal = cross_site_refusal(method, headers, scope.get("scheme", "http"))
        if refusal is not None:
            await _reply(send, *refusal)
            return
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _reply(
                send,
                413,
                "too_large",
                f"the request body is larger than this server accepts ({self.max_body} bytes)",
            )
            return
        if method not in _SAFE:
            body, too_big = await self._read_body(receive)
            if too_big:
                await _reply(
                    send,
                    413,
                    "too_large",
                    f"the request body is larger than this server accepts ({self.max_body} bytes)",
                )
                return
            receive = _replay(body, receive)
        await self.app(scope, receive, self._headers(send, set_cookie))

    def _given_token(self, scope: Scope, headers: dict[str, str]) -> tuple[str | None, bool]:
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            return auth[7:].strip(), False
        if "x-powershare-token" in headers:
            return headers["x-powershare-token"], False
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        if "token" in query:
            return query["token"][0], True
        if "cookie" in headers:
            cookie: SimpleCookie = SimpleCookie()
            try:
                cookie.load(headers["cookie"])
            except Exception:
                return None, False
            if COOKIE in cookie:
                return cookie[COOKIE].value, False
        return None, False

    async def _read_body(self, receive: Receive) -> tuple[bytes, bool]:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                return b"", True
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks), False

    def _headers(self, send: Send, set_cookie: bool) -> Send:
        token = self.token

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[Any] = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for key, value in (
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"SAMEORIGIN"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                    (b"cross-origin-resource-policy", b"same-origin"),
                ):
                    if key not in present:
                        headers.append((key, value))
                if set_cookie and token is not None:
                    headers.append(
                        (
                            b"set-cookie",
                            COOKIE.encode() + b"=" + token + b"; Path=/; HttpOnly; SameSite=Strict",
                        )
                    )
                message = {**message, "headers": headers}
            await send(message)

        return wrapped


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
