"""A throw-away Dovecot IMAP server for the e-mail intake's tests (docs/testing.md): Debian's
``dovecot-imapd`` started with its own configuration (``-c``) in a temporary folder, on a
free loopback port, plaintext login over ``imap://`` (ssl = no, loopback only), one user in a
passwd-file and a Maildir store. Nothing of the machine's own Dovecot setup is read or
changed. Run as root, the mail store belongs to the package's ``dovecot`` user (Dovecot does
not serve mail as root); as anyone else, to that user."""

from __future__ import annotations

import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER = "desk"
PASSWORD = "desk-secret"

CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_login_user = {login}
first_valid_uid = {uid}
last_valid_uid = {uid}
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    user = {internal}
  }}
  unix_listener stats-writer {{
    user = {internal}
  }}
}}
"""


def unavailable() -> str | None:
    """Why the Dovecot tests cannot run here, or None."""
    if not Path(DOVECOT).exists():
        return (
            "Dovecot is not installed (apt-get install dovecot-imapd; .ci/run does it): the "
            "IMAP intake tests need a real IMAP server"
        )
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Dovecot:
    root: Path
    port: int = 0
    process_started: bool = False

    def start(self) -> None:
        self.port = _free_port()
        if os.geteuid() == 0:
            owner = pwd.getpwnam("dovecot")
            internal, login = "dovecot", "dovenull"
        else:
            owner = pwd.getpwuid(os.geteuid())
            internal = login = owner.pw_name
        for sub in ("run", "state", "mail", "home"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            self.root.chmod(0o755)  # the auth process (user dovecot) reads the passwd-file
            for sub in ("mail", "home"):
                os.chown(self.root / sub, owner.pw_uid, owner.pw_gid)
        (self.root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        config = CONFIG.format(
            root=self.root,
            port=self.port,
            uid=owner.pw_uid,
            gid=owner.pw_gid,
            internal=internal,
            login=login,
        )
        (self.root / "dovecot.conf").write_text(config)
        subprocess.run([DOVECOT, "-c", str(self.root / "dovecot.conf")], check=True)
        self.process_started = True
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"Dovecot did not start: {self.log()}")

    def stop(self) -> None:
        if self.process_started:
            subprocess.run([DOVECOT, "-c", str(self.root / "dovecot.conf"), "stop"], check=False)
            self.process_started = False

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def client(self) -> imaplib.IMAP4:
        imap = imaplib.IMAP4("127.0.0.1", self.port)
        imap.login(USER, PASSWORD)
        return imap

    def new_folder(self) -> str:
        """A fresh, empty folder for one test."""
        folder = f"t{uuid.uuid4().hex[:10]}"
        imap = self.client()
        try:
            imap.create(folder)
        finally:
            imap.logout()
        return folder

    def url(self, folder: str) -> str:
        return f"imap://{USER}:{PASSWORD}@127.0.0.1:{self.port}/{folder}"

    def append(self, folder: str, *messages: bytes) -> None:
        imap = self.client()
        try:
            for raw in messages:
                status, _ = imap.append(folder, "", None, raw)
                assert status == "OK"
        finally:
            imap.logout()

    def unseen(self, folder: str) -> int:
        imap = self.client()
        try:
            imap.select(folder)
            _, data = imap.search(None, "UNSEEN")
            return len(data[0].split())
        finally:
            imap.logout()
