#!/usr/bin/env python3
"""A TCP proxy that adds latency, to measure strata against a database across a network.

Every chunk read from one side is written to the other RTT/2 milliseconds later, in order, so a
request/response exchange costs one RTT more than on the direct link (a CI runner talking to a
cloud database is 5-20 ms away). The proxy counts, per connection, the exchanges: the times the
client starts sending after it has received something, which is the number of round trips the
client waited for (plus one for the first request).

It is bounded: it stops by itself after --lifetime seconds (default 900) or when --idle seconds
(default 120) pass with no connection open, and it never buffers more than 64 MiB per direction
(it stops reading from a side until the other catches up).

Usage: latency_proxy.py --target HOST:PORT [--listen PORT] [--rtt-ms 10] [--stats FILE]
Prints the port it listens on (on 127.0.0.1) as its first line of stdout; with --stats, appends a
line `connection=N exchanges=E client_bytes=B server_bytes=B` per closed connection to FILE.
"""
import argparse
import asyncio
import sys
import time

MAX_BUFFERED = 64 * 1024 * 1024


class Link:
    """One client connection and its counters."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.exchanges = 0
        self.client_bytes = 0
        self.server_bytes = 0
        # Who sent last: the client's first chunk after server data starts a new exchange.
        self.last_sender = "server"


async def pump(reader, writer, delay: float, link: Link, from_client: bool) -> None:
    """Copies reader to writer, each chunk delayed by `delay` seconds, order kept."""
    queue: asyncio.Queue = asyncio.Queue()
    buffered = 0
    done = asyncio.Event()

    async def deliver() -> None:
        nonlocal buffered
        while True:
            due, chunk = await queue.get()
            if chunk is None:
                break
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            writer.write(chunk)
            buffered -= len(chunk)
            await writer.drain()
        done.set()

    delivery = asyncio.create_task(deliver())
    try:
        while True:
            chunk = await reader.read(65536)
            if not chunk:
                break
            if from_client:
                link.client_bytes += len(chunk)
                if link.last_sender == "server":
                    link.exchanges += 1
                link.last_sender = "client"
            else:
                link.server_bytes += len(chunk)
                link.last_sender = "server"
            buffered += len(chunk)
            await queue.put((time.monotonic() + delay, chunk))
            while buffered > MAX_BUFFERED:
                await asyncio.sleep(delay or 0.001)
    except (ConnectionResetError, BrokenPipeError):
        pass
    finally:
        await queue.put((0, None))
        try:
            await asyncio.wait_for(done.wait(), timeout=delay + 5)
        except asyncio.TimeoutError:
            delivery.cancel()
        try:
            writer.close()
        except Exception:
            pass


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", required=True, help="HOST:PORT of the server")
    parser.add_argument("--listen", type=int, default=0, help="port on 127.0.0.1 (0: any free one)")
    parser.add_argument("--rtt-ms", type=float, default=10.0, help="round-trip time to add")
    parser.add_argument("--stats", help="file to append one line of counters per connection to")
    parser.add_argument("--lifetime", type=float, default=900.0, help="stop after this many seconds")
    parser.add_argument("--idle", type=float, default=120.0, help="stop after this long without a connection")
    options = parser.parse_args()
    host, _, port = options.target.rpartition(":")
    delay = options.rtt_ms / 2000.0
    open_links = 0
    last_activity = time.monotonic()
    counter = 0

    async def handle(client_reader, client_writer) -> None:
        nonlocal open_links, last_activity, counter
        counter += 1
        link = Link(counter)
        open_links += 1
        try:
            server_reader, server_writer = await asyncio.open_connection(host, int(port))
        except OSError as error:
            print(f"latency_proxy: cannot reach {options.target}: {error}", file=sys.stderr)
            client_writer.close()
            open_links -= 1
            return
        await asyncio.gather(
            pump(client_reader, server_writer, delay, link, from_client=True),
            pump(server_reader, client_writer, delay, link, from_client=False),
        )
        open_links -= 1
        last_activity = time.monotonic()
        if options.stats:
            with open(options.stats, "a") as stats:
                stats.write(
                    f"connection={link.number} exchanges={link.exchanges} "
                    f"client_bytes={link.client_bytes} server_bytes={link.server_bytes}\n")

    server = await asyncio.start_server(handle, "127.0.0.1", options.listen)
    print(server.sockets[0].getsockname()[1], flush=True)
    started = time.monotonic()
    async with server:
        while True:
            await asyncio.sleep(0.5)
            now = time.monotonic()
            if now - started > options.lifetime:
                break
            if open_links == 0 and now - last_activity > options.idle:
                break


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
