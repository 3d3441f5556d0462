"""`make serve PORT=…`: say plainly when the port is taken, before MkDocs dies with a traceback.

Run as `python -m aktivering.port PORT`: exit 0 when 127.0.0.1:PORT is free, else 2 with a message
in Danish and English naming the port and how to pick another."""

from __future__ import annotations

import socket
import sys


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will bind it
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def main(argv: list[str]) -> int:
    text = argv[0] if argv else ""
    if not text.isdigit() or not 0 < int(text) < 65536:
        print(f"PORT={text!r} er ikke et portnummer (1–65535): skriv fx `make serve PORT=8001`\n"
              f"PORT={text!r} is not a port number (1–65535): write e.g. `make serve PORT=8001`", file=sys.stderr)
        return 2
    port = int(text)
    if port_is_free(port):
        return 0
    other = port + 1 if port < 65535 else 8001
    print(f"Port {port} er optaget – kører `make serve` allerede i et andet vindue? Stop den (Ctrl+C), "
          f"eller brug en anden port: `make serve PORT={other}`\n"
          f"Port {port} is in use – is `make serve` already running in another window? Stop it (Ctrl+C), "
          f"or use another port: `make serve PORT={other}`", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
