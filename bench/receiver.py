"""A minimal keep-alive HTTP receiver for benchmarks: answers 204 and records arrival times.

Run: python bench/receiver.py PORT OUTFILE. On SIGTERM it writes one JSON line per request:
{"id": webhook-id, "received": unix time, "sent": the CloudEvent's `time` as unix time}.
"""

import asyncio
import json
import signal
import sys
import time
from datetime import datetime

records: list[dict] = []


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            headers = {}
            for line in head.decode("latin-1").split("\r\n")[1:]:
                if ":" in line:
                    name, value = line.split(":", 1)
                    headers[name.strip().lower()] = value.strip()
            body = await reader.readexactly(int(headers.get("content-length", "0")))
            received = time.time()
            sent = None
            if body:
                try:
                    sent = datetime.fromisoformat(json.loads(body)["time"]).timestamp()
                except (ValueError, KeyError, TypeError):
                    sent = None
            records.append({"id": headers.get("webhook-id"), "received": received, "sent": sent})
            writer.write(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main(port: int, outfile: str) -> None:
    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    print("ready", flush=True)
    await stop.wait()
    server.close()
    with open(outfile, "w") as out:
        for record in records:
            out.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
