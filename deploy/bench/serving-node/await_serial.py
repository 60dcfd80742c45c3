"""Bench helper for propagation.sh: polls DNS servers on 127.0.0.1 until each answers a SOA serial.

    python3 await_serial.py TIMEOUT_S PORT:PID [PORT:PID ...]

Reads serials from stdin, one per line. For each it sends `. SOA` over UDP to every port every 5 ms
and prints one line: for each port in the order given, the epoch milliseconds at which that server
first answered with the serial, or "timeout" (also when the process PID has exited). One long-lived
process: forking dig per poll and node cost more CPU than the nodes on 2 shared cores, rounded
answers to dig's 1 s timeout, and a poller started per version would miss its first milliseconds.
"""
import os
import select
import socket
import struct
import sys
import time


def query(qid):
    # header: id, flags 0 (no RD), 1 question; question: root, type SOA (6), class IN (1)
    return struct.pack(">HHHHHH", qid, 0, 1, 0, 0, 0) + b"\x00" + struct.pack(">HH", 6, 1)


def skip_name(msg, pos):
    while True:
        length = msg[pos]
        if length == 0:
            return pos + 1
        if length & 0xC0 == 0xC0:
            return pos + 2
        pos += 1 + length


def soa_serial(msg):
    """The serial of the first SOA in the answer section, or None."""
    try:
        qd, an = struct.unpack(">HH", msg[4:8])
        pos = 12
        for _ in range(qd):
            pos = skip_name(msg, pos) + 4
        for _ in range(an):
            pos = skip_name(msg, pos)
            rtype, _, _, rdlength = struct.unpack(">HHIH", msg[pos:pos + 10])
            pos += 10
            if rtype == 6:
                p = skip_name(msg, skip_name(msg, pos))
                return struct.unpack(">I", msg[p:p + 4])[0]
            pos += rdlength
    except (struct.error, IndexError):
        return None
    return None


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False


def await_serial(serial, timeout, targets, sockets):
    deadline = time.monotonic() + timeout
    seen = {}
    qid = 0
    for s in sockets.values():  # answers to an earlier serial's queries
        try:
            while s.recv(65535):
                pass
        except OSError:
            pass
    while len(seen) < len(targets) and time.monotonic() < deadline:
        waiting = [(port, pid) for port, pid in targets if port not in seen and alive(pid)]
        if not waiting:
            break
        for port, _ in waiting:
            qid = (qid + 1) & 0xFFFF
            try:
                sockets[port].send(query(qid))
            except OSError:
                pass  # not listening yet
        end = time.monotonic() + 0.005
        while (wait := end - time.monotonic()) > 0:
            ready, _, _ = select.select([sockets[p] for p, _ in waiting if p not in seen], [], [], wait)
            if not ready:
                break
            for s in ready:
                try:
                    msg = s.recv(65535)
                except OSError:
                    continue
                port = s.getpeername()[1]
                if port not in seen and soa_serial(msg) == serial:
                    seen[port] = int(time.time() * 1000)
    return [seen.get(port, "timeout") for port, _ in targets]


def main():
    timeout = float(sys.argv[1])
    targets = [tuple(int(x) for x in arg.split(":")) for arg in sys.argv[2:]]
    sockets = {}
    for port, _ in targets:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))
        s.connect(("127.0.0.1", port))
        s.setblocking(False)
        sockets[port] = s
    for line in sys.stdin:
        if line.strip():
            print(" ".join(map(str, await_serial(int(line), timeout, targets, sockets))), flush=True)


if __name__ == "__main__":
    main()
