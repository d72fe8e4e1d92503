"""Running the dashboard: check the address against the token rule, bind, then serve with uvicorn.

The socket is bound here, before uvicorn starts, so that a port in use is one clear line and so
that "listening" is printed only once the socket really accepts connections.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

from pixelhound.dashboard.security import TokenError, load_token, refuse_host


class ServeError(Exception):
    """The dashboard cannot start; the message is one line. `code` is the exit code."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
        listener.listen(128)
    except OSError as error:
        listener.close()
        raise ServeError(2, f"cannot listen on {host}:{port} ({error.strerror or error})") from None
    return listener


def serve(db: str | None, host: str, port: int, token_file: Path | None, usage_code: int, store_code: int,
          announce: Callable[[str], None]) -> None:
    """Serve until interrupted. ServeError(usage_code) for a refused address or token,
    ServeError(store_code) for a store that cannot be opened."""
    try:
        token = load_token(token_file)
    except TokenError as error:
        raise ServeError(usage_code, str(error)) from None
    refusal = refuse_host(host, token)
    if refusal:
        raise ServeError(usage_code, refusal)
    # Imported only once the address is allowed and the store opens: a refusal is immediate.
    from pixelhound.store.engine import StoreError, open_engine

    try:
        engine = open_engine(db, must_exist=True)  # read-only: a store that does not exist is not created
    except StoreError as error:
        raise ServeError(store_code, str(error)) from None
    import uvicorn

    from pixelhound.dashboard.app import create_app

    try:
        listener = _bind(host, port)
    except ServeError:
        engine.dispose()
        raise
    shown_host = f"[{host}]" if ":" in host else host
    bound_port = listener.getsockname()[1]
    config = uvicorn.Config(create_app(engine, token), log_level="warning", access_log=False,
                            server_header=False, date_header=False)
    announce(f"dashboard on http://{shown_host}:{bound_port}/ (store {engine.url.render_as_string(hide_password=True)}; "
             f"{'a token is required' if token else 'loopback only, no token'}); stop with Ctrl-C")
    try:
        uvicorn.Server(config).run(sockets=[listener])
    finally:
        listener.close()
        engine.dispose()
