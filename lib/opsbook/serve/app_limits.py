"""What a browser may send to the worksheet app's kernel, and how fast (loaded by Voila through
``jupyter/voila.json``; see :mod:`opsbook.serve.app`).

A page talks to its kernel only through widget messages (Voila refuses any other kind, such as
code to run). A client that floods them, without reading the replies, would make them queue
without limit in the server. Here each connection has a budget that refills every second:
generous for a person (a fast typist sends about 15 messages a second, a page load a burst of a
few dozen), small for a script. Messages past it are dropped, with a warning in the server log.
"""

import os
import re
import time

from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

from opsbook.core import settings

MESSAGES_PER_SECOND = 50
MESSAGE_BURST = 200
BYTES_PER_SECOND = 2_000_000
BYTE_BURST = 4_000_000
UPLOAD_BURST = 32_000_000  # the my_data page: one export of up to 30 MB in one message


class Budget:
    """A token bucket: ``take(cost)`` is True while the budget lasts; it refills with time."""

    def __init__(self, rate: float, burst: float, clock=time.monotonic):
        self.rate, self.burst, self.clock = rate, burst, clock
        self.left, self.stamp = burst, clock()

    def take(self, cost: float) -> bool:
        now = self.clock()
        self.left = min(self.burst, self.left + (now - self.stamp) * self.rate)
        self.stamp = now
        if cost > self.left:
            return False
        self.left -= cost
        return True


class BoundedChannels(ZMQChannelsWebsocketConnection):
    """The kernel connection of one page, with a message and a byte budget."""

    byte_burst = BYTE_BURST

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.messages = Budget(MESSAGES_PER_SECOND, MESSAGE_BURST)
        self.bytes = Budget(BYTES_PER_SECOND, self.byte_burst)
        self.dropped = 0

    def handle_incoming_message(self, incoming_msg) -> None:
        if self.messages.take(1) and self.bytes.take(len(incoming_msg)):
            super().handle_incoming_message(incoming_msg)
            return
        self.dropped += 1
        if self.dropped in (1, 100) or self.dropped % 10_000 == 0:
            self.log.warning(
                "Dropped %d messages from a client sending faster than %d messages or %d bytes "
                "a second (not a person using the page).",
                self.dropped,
                MESSAGES_PER_SECOND,
                BYTES_PER_SECOND,
            )


class UploadChannels(BoundedChannels):
    """The my_data page: the same message budget, and a byte budget that lets one export of up to
    30 MB through; the next big one waits while the budget refills at 2 MB a second."""

    byte_burst = UPLOAD_BURST


_check_host = JupyterHandler.check_host


def check_host(handler: JupyterHandler) -> bool:
    """The server's Host check, which accepts local names only, also accepting the addresses
    the launcher named (``make app LAN=1``: this machine's address in the local network), so
    a phone in the room is served and any other Host is still refused."""
    named = os.environ.get(settings.APP_HOSTS, "").split(",")
    host = re.sub(r":\d+$", "", handler.request.host or "")
    return host in [h for h in named if h] or _check_host(handler)


JupyterHandler.check_host = check_host  # Voila loads this module before it serves a page
