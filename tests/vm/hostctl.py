#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""The guest's control line to the host, for tests that need the VMM.

   hostctl.py CONTROL-SOCKET QMP-SOCKET

QEMU connects the guest's ttyS2 to CONTROL-SOCKET (run.sh --hostctl).  Each
line the guest writes there is one human-monitor command (e.g. "qom-set
/machine/peripheral/pf1 x-admin-fail-next 1" or "set_link vf1.1 off"); it
runs through QMP's human-monitor-command and its output goes back to the
guest, followed by "hostctl-done 0" (or "hostctl-done 1" when QMP or the
command reported an error).  Every command and its answer are logged on stdout.  Ends when
QEMU closes the sockets.
"""
import json
import socket
import sys
import time


def connect(path, tries=600):
    for _ in range(tries):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(path)
            return s
        except OSError:
            s.close()
            time.sleep(0.1)
    sys.exit(f"hostctl: cannot connect to {path}")


class Qmp:
    def __init__(self, path):
        self.sock = connect(path)
        self.file = self.sock.makefile("rw", encoding="utf-8", newline="\n")
        self.reply()                                    # the greeting
        self.execute("qmp_capabilities")

    def reply(self):
        while True:
            line = self.file.readline()
            if not line:
                raise EOFError("QMP closed")
            msg = json.loads(line)
            if "event" not in msg:
                return msg

    def execute(self, cmd, **args):
        self.file.write(json.dumps({"execute": cmd, "arguments": args}) + "\n")
        self.file.flush()
        return self.reply()


def main():
    ctl = connect(sys.argv[1])
    qmp = Qmp(sys.argv[2])
    buf = b""
    while True:
        data = ctl.recv(4096)
        if not data:
            return
        buf += data
        while b"\n" in buf:
            raw, buf = buf.split(b"\n", 1)
            line = raw.decode("utf-8", "replace").strip()
            if not line:
                continue
            msg = qmp.execute("human-monitor-command", **{"command-line": line})
            if "error" in msg:
                out, status = msg["error"].get("desc", "error"), 1
            else:
                out = msg.get("return", "")
                # HMP reports its own errors as text.
                status = 1 if out.lstrip().startswith("Error") else 0
            print(f"hostctl: {line!r} -> {status} {out!r}", flush=True)
            text = "".join(l.rstrip("\r") + "\n" for l in out.splitlines())
            ctl.sendall((text + f"hostctl-done {status}\n").encode())


if __name__ == "__main__":
    try:
        main()
    except (EOFError, ConnectionError):
        pass
