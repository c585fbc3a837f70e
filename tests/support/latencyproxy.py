#!/usr/bin/env python3
"""Forwards TCP on 127.0.0.1 to a server, delaying every chunk by a fixed one-way time.

    latencyproxy.py LISTEN_PORT TARGET_PORT ONE_WAY_MS|DELAY_FILE [TURNS_FILE]

With a file instead of a number, each new connection reads its one-way delay (ms) from it, so
one address can be slowed down and sped up between connections. With TURNS_FILE, each closed
connection appends a line "turns N": how many times the client spoke after the server (the
round trips the link really cost, whatever the client counts itself).

Used by tests/bench/sync_slow_link.sh to measure sync over a link with real round trips
(this kernel has no netem). Each direction of each connection is a reader thread that stamps
chunks with their due time and a writer thread that sends them when due, so order is kept and
the delay does not add up along a burst. Stops on SIGTERM.
"""
import queue, socket, sys, threading, time


class Turns:
    """Counts the client's turns on one connection: a client chunk after a server chunk."""

    def __init__(self, path):
        self.path, self.last, self.count, self.lock = path, "server", 0, threading.Lock()

    def saw(self, side):
        with self.lock:
            if side == "client" and self.last == "server":
                self.count += 1
            self.last = side

    def close(self):
        with self.lock:
            if self.path and self.count:
                with open(self.path, "a") as f:
                    f.write(f"turns {self.count}\n")
            self.count = 0


def forward(src, dst, delay, turns, side):
    chunks = queue.Queue()

    def read():
        try:
            while data := src.recv(65536):
                turns.saw(side)
                chunks.put((time.monotonic() + delay, data))
        except OSError:
            pass
        chunks.put((0, b""))

    def write():
        try:
            while True:
                due, data = chunks.get()
                if not data:
                    break
                pause = due - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
                dst.sendall(data)
        except OSError:
            pass
        for s in (dst, src):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        turns.close()

    threading.Thread(target=read, daemon=True).start()
    threading.Thread(target=write, daemon=True).start()


def main():
    listen_port, target_port, delay_arg = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    turns_path = sys.argv[4] if len(sys.argv) > 4 else None

    def delay():
        try:
            return float(delay_arg) / 1000.0
        except ValueError:
            with open(delay_arg) as f:
                return float(f.read().strip() or 0) / 1000.0

    server = socket.create_server(("127.0.0.1", listen_port))
    while True:
        client, _ = server.accept()
        try:
            upstream = socket.create_connection(("127.0.0.1", target_port))
        except OSError:
            client.close()
            continue
        for s in (client, upstream):
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        d, turns = delay(), Turns(turns_path)
        forward(client, upstream, d, turns, "client")
        forward(upstream, client, d, turns, "server")


if __name__ == "__main__":
    main()
