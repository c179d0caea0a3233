"""werkzeug's threaded WSGI server on loopback, run in a background thread."""

from __future__ import annotations

import logging
import threading
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

logger = logging.getLogger("qiskit_runtime_client.testing")

#: how often the accept loop checks for shutdown; bounds how long stop() takes
_POLL_INTERVAL = 0.02


class _QuietHandler(WSGIRequestHandler):
    """Request logs go to our logger at DEBUG instead of werkzeug's stderr handler."""

    def log(self, type: str, message: str, *args: Any) -> None:
        logger.debug("%s " + message, self.address_string(), *args)


class ServerThread:
    """Owns the listening socket and the thread that accepts connections."""

    def __init__(self, app: Any, host: str, port: int) -> None:
        try:
            self._server: BaseWSGIServer = make_server(
                host, port, app, threaded=True, request_handler=_QuietHandler
            )
        except SystemExit:  # werkzeug exits on bind errors; a library must raise instead
            raise OSError(f"cannot listen on {host}:{port} (address in use?)") from None
        self.host = host
        self.port: int = self._server.port
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": _POLL_INTERVAL},
            name=f"runtime-emulator:{self.port}",
            daemon=True,
        )

    def start(self) -> None:
        """Start accepting connections."""
        self._thread.start()

    def stop(self) -> None:
        """Stop accepting, close the socket, and wait for the accept loop to end."""
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join()
        else:
            self._server.server_close()
