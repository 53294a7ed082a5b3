"""The worksheet app is safe to leave running on a shared machine: no page without the token, no
foreign Host or Origin, nothing from a CDN, and a client flooding widget messages cannot grow it."""

import asyncio
import concurrent.futures
import json
import re
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from opsbook.serve.app import MEMORY_LIMIT_BYTES
from opsbook.serve.app_limits import BYTES_PER_SECOND, Budget
from tests.conftest import start_app


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One app for the checks that only look at it (the flood test starts its own)."""
    running = start_app(tmp_path_factory.mktemp("home"))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def opened(served) -> tuple[int, str]:
    """The worksheet page opened once with the token (each opening starts a kernel)."""
    return fetch(served.url)


def run_async(coroutine):
    """Run a coroutine to its end in a thread of its own: the browser tests' Playwright keeps an
    event loop running in the main thread of a pytest-xdist worker."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def fetch(url: str, host: str | None = None) -> tuple[int, str]:
    """Status and body of a GET that does not follow redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=120) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


def resident_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024


def test_no_page_without_the_token(served, opened):
    assert fetch(served.base)[0] in (302, 403)  # to the token form, never the worksheet
    assert fetch(served.base + "?token=wrong")[0] in (302, 403)
    status, page = opened
    assert status == 200 and "kernelId" in page


def test_a_foreign_host_is_refused(served):
    assert fetch(served.url, host=f"attacker.example:{served.port}")[0] == 403
    assert fetch(served.url, host=f"localhost:{served.port}")[0] == 200


def test_a_websocket_from_another_site_is_refused(served):
    """A page elsewhere may ride on the login cookie of a browser that opened the app; only a
    request that carries the token itself (which that page cannot know) skips the check."""
    from http.cookiejar import CookieJar

    from tornado.httpclient import HTTPClientError, HTTPRequest
    from tornado.websocket import websocket_connect

    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(served.url, timeout=120).read().decode("utf-8")
    kernel = re.search(r'"kernelId": *"([^"]+)"', page).group(1)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    url = f"ws://127.0.0.1:{served.port}/api/kernels/{kernel}/channels"

    async def connect(origin: str) -> int:
        request = HTTPRequest(url, headers={"Origin": origin, "Cookie": cookie})
        try:
            socket = await websocket_connect(request)
        except HTTPClientError as error:
            return error.code
        socket.close()
        return 101

    assert cookie, "opening the app with its token should log the browser in"
    assert run_async(connect("http://attacker.example")) == 403
    assert run_async(connect(f"http://127.0.0.1:{served.port}")) == 101


def test_the_page_loads_nothing_from_another_host(opened):
    _, page = opened
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert sources, "the page should load its scripts and styles"
    assert [s for s in sources if re.match(r"(https?:)?//", s)] == []


def test_server_and_kernels_run_under_the_memory_cap(served, opened):
    server = served.server_pid()
    kernels = Path(f"/proc/{server}/task/{server}/children").read_text().split()
    assert kernels, "the page opened should have started a kernel"
    for pid in [server, *map(int, kernels)]:
        limits = Path(f"/proc/{pid}/limits").read_text()
        assert re.search(rf"Max data size\s+{MEMORY_LIMIT_BYTES}\s+{MEMORY_LIMIT_BYTES}", limits)


async def _flood(app, kernel: str, model: str, seconds: float, size: int) -> tuple[int, bool]:
    """Send widget updates of ``size`` bytes as fast as possible, never reading the replies."""
    from tornado.websocket import websocket_connect

    url = f"ws://127.0.0.1:{app.port}/api/kernels/{kernel}/channels?token={app.token}"
    socket = await websocket_connect(url, max_message_size=10_000_000)
    sent, session = 0, uuid.uuid4().hex
    deadline = asyncio.get_running_loop().time() + seconds
    while asyncio.get_running_loop().time() < deadline:
        message = {
            "header": {
                "msg_id": uuid.uuid4().hex,
                "msg_type": "comm_msg",
                "username": "flood",
                "session": session,
                "date": "",
                "version": "5.3",
            },
            "parent_header": {},
            "metadata": {},
            "channel": "shell",
            "content": {
                "comm_id": model,
                "data": {"method": "update", "state": {"_dom_classes": ["x" * size]}},
            },
            "buffers": [],
        }
        await socket.write_message(json.dumps(message))
        sent += 1
    too_big = json.dumps({"channel": "shell", "padding": "x" * 2_000_000})
    await socket.write_message(too_big)

    async def until_closed() -> None:
        while await socket.read_message() is not None:  # replies queued before the close
            pass

    try:
        await asyncio.wait_for(until_closed(), timeout=60)
        closed = True
    except asyncio.TimeoutError:
        closed = False
    socket.close()
    return sent, closed


FLOOD = 4  # seconds


def test_a_client_flooding_widget_messages_cannot_grow_the_server(app):
    _, page = fetch(app.url)
    kernel = re.search(r'"kernelId": *"([^"]+)"', page).group(1)
    model = re.search(r'"model_id": *"([0-9a-f]+)"', page).group(1)
    server = app.server_pid()
    before = resident_mb(server)
    sent, closed = run_async(_flood(app, kernel, model, seconds=FLOOD, size=200_000))
    grown = resident_mb(server) - before
    # without the budget the server kept every message: ~60 MB a second here, 240 MB in all
    assert sent * 200_000 > 5 * BYTES_PER_SECOND * FLOOD, "the flood was too slow to mean much"
    assert grown < 100, f"the server grew by {grown:.0f} MB under the flood"
    assert closed, "a message over 1 MB should close the connection"
    assert fetch(app.url)[0] == 200  # still answering
    assert any("Dropped" in line for line in app.output)


@pytest.mark.parametrize("cost, allowed", [(1, True), (5, True), (6, False)])
def test_the_message_budget_refills_with_time(cost, allowed):
    now = [0.0]
    budget = Budget(rate=2, burst=5, clock=lambda: now[0])
    assert budget.take(cost) is allowed
    budget.take(budget.left)  # spend the rest
    assert not budget.take(1)
    now[0] += 0.5  # half a second at 2 a second: one more
    assert budget.take(1) and not budget.take(1)


def test_a_busy_port_is_reported_and_the_printed_address_is_the_one_served(tmp_path):
    """A second app (here: anything listening on the port) no longer makes the app print a
    link to the first one: it takes the next free port and prints that."""
    import socket

    from tests.conftest import free_port, start_app

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", free_port()))
        taken.listen()
        busy = taken.getsockname()[1]
        running = start_app(tmp_path / "home", port=busy)
        try:
            said = "".join(running.output)
            assert f"Port {busy} is in use (another app?): serving on {running.port}." in said
            assert running.port != busy and f"http://127.0.0.1:{running.port}/?token=" in said
            assert fetch(running.url)[0] == 200
        finally:
            running.stop()


def test_a_rooms_phones_reach_the_page_by_the_local_address_and_nothing_else(tmp_path):
    """``make app LAN=1``: the page answers at this machine's address in the local network,
    with the token only; any other Host is still refused; the terminal prints the address and
    a QR code (the page's own code is checked in test_widgets)."""
    from opsbook.serve.app import lan_address
    from tests.conftest import start_app

    address = lan_address()
    if address is None:
        pytest.skip("this machine is on no local network")
    running = start_app(tmp_path / "home", more=("--lan",))
    try:
        said = "".join(running.output)
        lan_url = f"http://{address}:{running.port}/?token={running.token}"
        assert f"Phones and laptops on this network: scan the code or open\n    {lan_url}" in said
        assert "█" in said or "▀" in said  # the QR code, drawn in the terminal
        assert fetch(lan_url)[0] == 200
        assert fetch(f"http://{address}:{running.port}/")[0] in (302, 403)  # no token, no page
        assert fetch(lan_url, host=f"attacker.example:{running.port}")[0] == 403
    finally:
        running.stop()
