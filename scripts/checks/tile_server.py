"""A loopback raster tile server for the dashboard check (issue #16): every /tiles/{z}/{x}/{y}.png is the
same generated 256-pixel PNG of one colour, and each request is recorded. Standard library only."""
import http.server
import re
import struct
import threading
import zlib

TILE = re.compile(r"^/tiles/(\d+)/(\d+)/(\d+)\.png$")


def png(width, height, rgb):
    """An 8-bit RGB PNG of one colour (PNG specification: signature, IHDR, IDAT of filter-0 rows, IEND)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    row = b"\x00" + bytes(rgb) * width
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b""))


class TileServer:
    """Serves the tiles on a free loopback port from a thread; `requests` lists the (z, x, y) asked for."""

    def __init__(self, rgb):
        self.body = png(256, 256, rgb)
        self.requests = []
        requests = self.requests
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                match = TILE.match(self.path)
                if not match:
                    self.send_error(404)
                    return
                requests.append(tuple(int(v) for v in match.groups()))
                body = server.body
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.template = self.origin + "/tiles/{z}/{x}/{y}.png"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def paint(self, rgb):
        """Serves tiles of another colour from now on (a new browser context, with an empty cache, sees them)."""
        self.body = png(256, 256, rgb)

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
