"""``python -m opsbook.serve.app`` (``make app``): a worksheet as a page without code, served by
Voila and safe to leave running on a shared machine: the four-powers self-assessment, or with
``--sheet my_data`` (``make app SHEET=my_data``) the page that imports your own exports.

- **In English or Chinese**: ``--lang zh`` (``make app LANG=zh``) serves the Chinese edition;
  the choice is remembered in the work folder for the next start.
- **A token**, like JupyterLab: every request needs it (in the printed address, then a cookie).
  It is made afresh at each start, or taken from ``$OPSBOOK_APP_TOKEN``.
- **This machine only**, unless asked: the server listens on 127.0.0.1 and refuses a request whose
  ``Host`` is not a local name (a web page using DNS rebinding cannot reach it), and a kernel
  connection from a page of another site (``Origin``) that rides on the login cookie.
- **A room's phones** (``--lan``, ``make app LAN=1``): the server also listens on this machine's
  address in the local network, accepts that address as a Host (and no other), still asks for
  the token, and prints the address with a QR code to scan; the worksheet page shows the same
  QR code for the trainer's screen.
- **The address it prints is the one it serves**: a port in use (another app) is reported and
  the next free one is taken.
- **Bounded**: a widget message is at most 1 MB (30 MB for an export sent to the my_data page,
  whose byte budget lets one such message through), and each page's messages have a budget per
  second (:mod:`opsbook.serve.app_limits`); the server and every worksheet kernel may use at most
  :data:`MEMORY_LIMIT_BYTES` of memory each.
- **Nothing from a CDN**: the page template ``opsbook`` is Voila's lab template without its
  Font Awesome and Mermaid links, so the page works offline.

The settings live in ``jupyter/voila.json`` and ``jupyter/voila/templates/opsbook`` beside this
module.
"""

import argparse
import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import webbrowser

from opsbook.content import course
from opsbook.core import settings
from opsbook.core.paths import PROJECT_ROOT
from opsbook.core.settings import EDITIONS
from opsbook.serve.launch import JUPYTER_CONFIG, chosen_language, wait_for_port

# the worksheets served as pages, by the name SHEET= takes (playbook/course.yaml, app:)
SHEETS = {w.app: f"{w.id}.ipynb" for w in course().worksheets if w.app}
# the my_data page takes an export in one message: up to 30 MB (settings in jupyter/upload/)
UPLOAD_CONFIG = JUPYTER_CONFIG / "upload"
MEMORY_LIMIT_BYTES = 2 * 1024**3  # per process; a worksheet kernel uses about 0.35 GB
PORTS_TRIED = 50  # from the asked port on, the first free one is taken


def worksheet(language: str = "en", sheet: str = "four_powers"):
    return EDITIONS[language].notebooks / "worksheets" / SHEETS[sheet]


def voila_command(
    port: int, token: str, language: str = "en", sheet: str = "four_powers", lan: bool = False
) -> list[str]:
    """The Voila command line that serves the worksheet with the settings above."""
    settings = UPLOAD_CONFIG if sheet == "my_data" else JUPYTER_CONFIG
    return [
        sys.executable,
        "-m",
        "voila",
        str(worksheet(language, sheet)),
        "--no-browser",
        "--template=opsbook",
        f"--Voila.ip={'0.0.0.0' if lan else '127.0.0.1'}",
        f"--port={port}",
        "--Voila.port_retries=0",  # the port checked free: never silently another one
        f"--Voila.token={token}",
        f"--Voila.config_file_paths={settings}",
    ]


def environment(lan_url: str | None = None) -> dict[str, str]:
    """The server's environment: Jupyter also looks in the package for the page template; with
    ``lan_url``, the local network's address is an accepted Host and the page shows its QR."""
    paths = [
        str(JUPYTER_CONFIG),
        *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep)),
    ]
    # OPSBOOK_APP: the page has no code, so tools leave out what only a notebook user needs
    # (my_data: a box for a path on the server)
    served = {**os.environ, "JUPYTER_PATH": os.pathsep.join(paths), settings.APP: "1"}
    served.pop(settings.APP_HOSTS, None)
    served.pop(settings.APP_URL, None)
    if lan_url:
        host = lan_url.split("//", 1)[1].split(":", 1)[0]
        served.update({settings.APP_HOSTS: host, settings.APP_URL: lan_url})
    return served


def free_port(start: int, host: str = "127.0.0.1") -> int | None:
    """The first port from ``start`` that nothing listens on (None: all tried are in use)."""
    for port in range(start, start + PORTS_TRIED):
        with socket.socket() as probe:
            try:
                probe.bind((host, port))
            except OSError:
                continue
            return port
    return None


def lan_address() -> str | None:
    """This machine's address in its local network (the one a phone in the room reaches), or
    None without one. Nothing is sent: connecting a UDP socket only picks the interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith(("127.", "0.")) else address


def qr_text(url: str) -> str:
    """``url`` as a QR code drawn with block characters, for a terminal."""
    import io

    import segno

    out = io.StringIO()
    segno.make(url, error="l").terminal(out=out, compact=True)
    return out.getvalue()


def limit_memory() -> None:
    """Cap the heap of the server and, inherited, of every kernel it starts."""
    import resource

    resource.setrlimit(resource.RLIMIT_DATA, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m opsbook.serve.app", description="The four-powers worksheet as a page."
    )
    parser.add_argument("--port", type=int, default=8866)
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    parser.add_argument(
        "--lang", choices=sorted(EDITIONS), help="en or zh (中文); remembered for next time"
    )
    parser.add_argument(
        "--sheet",
        choices=sorted(SHEETS),
        default="four_powers",
        help="four_powers (the self-assessment) or my_data (import your own exports)",
    )
    parser.add_argument(
        "--lan", action="store_true", help="also serve phones and laptops on this network"
    )
    args = parser.parse_args(argv)
    token = os.environ.get(settings.APP_TOKEN) or secrets.token_hex(24)
    address = lan_address() if args.lan else None
    if args.lan and address is None:
        print(
            "This machine is on no local network: serving it alone (127.0.0.1).\n"
            "这台电脑没有连接局域网：只在本机提供（127.0.0.1）。",
            file=sys.stderr,
        )
    port = free_port(args.port, "0.0.0.0" if address else "127.0.0.1")
    if port is None:
        print(
            f"Ports {args.port}–{args.port + PORTS_TRIED - 1} are all in use: stop an app or "
            f"choose another with PORT=….\n端口 {args.port}–{args.port + PORTS_TRIED - 1} "
            "都被占用：请关掉一个应用，或用 PORT=… 换一个。",
            file=sys.stderr,
        )
        return 2
    if port != args.port:
        print(
            f"Port {args.port} is in use (another app?): serving on {port}.\n"
            f"端口 {args.port} 已被占用（另一个应用？）：改用 {port}。"
        )
    lan_url = f"http://{address}:{port}/?token={token}" if address else None
    server = subprocess.Popen(
        voila_command(port, token, chosen_language(args.lang), args.sheet, lan=bool(address)),
        env=environment(lan_url),
        cwd=PROJECT_ROOT,
        preexec_fn=limit_memory,  # the launcher has no threads, so this is safe
    )
    signal.signal(signal.SIGTERM, lambda *_: server.terminate())
    try:
        if wait_for_port(port, server):
            url = f"http://127.0.0.1:{port}/?token={token}"
            if lan_url:  # first, so that the address for this machine is the last thing said
                print(qr_text(lan_url))
                print(f"Phones and laptops on this network: scan the code or open\n    {lan_url}")
                print(f"同一网络里的手机和电脑：扫码或打开\n    {lan_url}")
            print(f"\nThe worksheet is ready at (the address holds the token):\n    {url}")
            print(f"自评表已就绪，请打开（地址中含访问令牌）：\n    {url}\n", flush=True)
            if not args.no_browser:
                with contextlib.suppress(webbrowser.Error):
                    webbrowser.open(url)
        return server.wait()
    except KeyboardInterrupt:
        server.terminate()
        return server.wait()


if __name__ == "__main__":
    sys.exit(main())
