"""Starts `socketscope serve --listen 127.0.0.1:0` for a test and stops it with SIGTERM.

Used by the Python external tests. Only the standard library, so that it runs with Debian's
/usr/bin/python3 (where python3-websockets is installed).
"""

import os
import re
import select
import signal
import subprocess
import sys
import threading
import time

LISTENING = re.compile(r"listening on (\S+):(\d+) ")


class ServeProcess:
    """One `socketscope serve` child. `port` is known once start() returns."""

    def __init__(self, binary, *args):
        self.binary = binary
        self.args = list(args)
        self.proc = None
        self.host = None
        self.port = None
        self.first_line = None

    def start(self, timeout=15.0):
        argv = [self.binary, "serve", "--listen", "127.0.0.1:0", *self.args]
        # stderr goes to the test's stderr: ctest shows it when the test fails.
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
        fd = self.proc.stdout.fileno()
        buffer = b""
        deadline = time.monotonic() + timeout
        while b"\n" not in buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                self.kill()
                raise RuntimeError(f"{' '.join(argv)}: no 'listening on' line within {timeout}s")
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 4096)
                if not chunk:
                    code = self.proc.wait(timeout=5)
                    raise RuntimeError(f"{' '.join(argv)}: exited with {code} before listening")
                buffer += chunk
        self.first_line = buffer.split(b"\n", 1)[0].decode()
        match = LISTENING.search(self.first_line)
        if not match:
            self.kill()
            raise RuntimeError(f"unexpected first line from serve: {self.first_line!r}")
        self.host, self.port = match.group(1), int(match.group(2))
        # Keep reading stdout so that the child never blocks on a full pipe.
        threading.Thread(target=self._drain, daemon=True).start()
        return self

    def _drain(self):
        try:
            while self.proc.stdout.read(4096):
                pass
        except (OSError, ValueError):
            pass

    @property
    def http(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws(self):
        return f"ws://127.0.0.1:{self.port}"

    def stop(self, timeout=15.0):
        """SIGTERM, then wait; returns the exit code (kills and raises after the timeout)."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise RuntimeError(f"serve did not exit within {timeout}s of SIGTERM")

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def require_binary():
    if len(sys.argv) < 2 or not os.access(sys.argv[1], os.X_OK):
        print(f"usage: {sys.argv[0]} PATH/TO/socketscope", file=sys.stderr)
        sys.exit(2)
    return sys.argv[1]
