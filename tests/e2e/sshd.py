"""A throwaway OpenSSH server on a loopback port, for logging in as the current user.

Its own host key, client key, authorized_keys and sshd_config in a temporary
directory; key authentication only; nothing of the system's configuration is
read or changed. `unavailable()` says why it cannot run (no sshd, or it would
not start), so tests skip with that reason instead of silently.
"""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

SSHD_CANDIDATES = ("/usr/sbin/sshd", "/usr/local/sbin/sshd")
PRIVSEP_DIR = Path("/run/sshd")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def find_sshd() -> str | None:
    for candidate in SSHD_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which("sshd")
    return os.path.abspath(found) if found else None


class Sshd:
    """sshd -D on 127.0.0.1:<free port>; `.ssh_command(remote)` logs in with a tty."""

    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.dir.mkdir(parents=True, exist_ok=True)
        self.user = getpass.getuser()
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.error: str | None = None

    def start(self) -> str | None:
        """Start it; None when it accepts connections, else the reason it cannot."""
        sshd = find_sshd()
        if sshd is None:
            return "sshd is not installed (Debian: apt-get install openssh-server; .ci/run does)"
        if shutil.which("ssh") is None or shutil.which("ssh-keygen") is None:
            return "the OpenSSH client (ssh, ssh-keygen) is not installed"
        if os.geteuid() == 0 and not PRIVSEP_DIR.is_dir():
            # What Debian's ssh.service creates before starting sshd as root.
            try:
                PRIVSEP_DIR.mkdir(mode=0o755, parents=True)
            except OSError as error:
                return f"sshd needs {PRIVSEP_DIR} and it cannot be created: {error}"
        for name in ("host_key", "client_key"):
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f",
                            str(self.dir / name)], check=True, capture_output=True)
        (self.dir / "authorized_keys").write_bytes((self.dir / "client_key.pub").read_bytes())
        (self.dir / "authorized_keys").chmod(0o600)
        config = self.dir / "sshd_config"
        config.write_text("\n".join([
            f"Port {self.port}",
            "ListenAddress 127.0.0.1",
            f"HostKey {self.dir / 'host_key'}",
            f"AuthorizedKeysFile {self.dir / 'authorized_keys'}",
            f"PidFile {self.dir / 'sshd.pid'}",
            f"AllowUsers {self.user}",
            "PermitRootLogin prohibit-password",
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "UsePAM no",
            "StrictModes no",
            "PrintMotd no",
            "PrintLastLog no",
            "Banner none",
            "LogLevel ERROR",
            "",
        ]))
        log = (self.dir / "sshd.log").open("wb")
        self.process = subprocess.Popen([sshd, "-D", "-e", "-f", str(config)],
                                        stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                text = (self.dir / "sshd.log").read_text(errors="replace").strip()
                return f"sshd exited at start ({self.process.returncode}): {text[-500:]}"
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    if sock.recv(4).startswith(b"SSH-"):
                        return None
            except OSError:
                time.sleep(0.1)
        return "sshd did not accept connections within 15 s"

    def ssh_argv(self, remote: str) -> list[str]:
        return ["ssh", "-tt", "-p", str(self.port), "-i", str(self.dir / "client_key"),
                "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                "-o", f"UserKnownHostsFile={self.dir / 'known_hosts'}", "-o", "LogLevel=ERROR",
                "-F", "/dev/null", f"{self.user}@127.0.0.1", remote]

    def check_login(self) -> str | None:
        """None when a non-interactive login works, else why not."""
        argv = self.ssh_argv("echo ssh-ok")
        argv.remove("-tt")
        try:
            result = subprocess.run(argv, capture_output=True, text=True, timeout=20,
                                    stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return "ssh to the test sshd timed out"
        if "ssh-ok" not in result.stdout:
            return f"ssh login to the test sshd failed: {result.stderr.strip()[-300:]}"
        return None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
