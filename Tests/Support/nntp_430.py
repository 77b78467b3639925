#!/usr/bin/env python3
"""A minimal NNTP server for tests: it greets, accepts AUTHINFO, MODE READER and GROUP, and answers
430 No Such Article to every BODY/ARTICLE/HEAD/STAT, so every Usenet job really fails. 127.0.0.1 only."""
import socketserver
import sys


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(b"200 autoarr test server ready\r\n")
        for raw in self.rfile:
            command = raw.decode("utf-8", "replace").strip().split(" ")[0].upper()
            if command == "QUIT":
                self.wfile.write(b"205 bye\r\n")
                return
            elif command == "AUTHINFO":
                reply = b"381 more\r\n" if " USER " in raw.decode(errors="replace").upper() else b"281 ok\r\n"
            elif command == "MODE":
                reply = b"200 reader\r\n"
            elif command == "GROUP":
                reply = b"211 0 0 0 group\r\n"
            elif command == "CAPABILITIES":
                reply = b"101 capabilities\r\nVERSION 2\r\nREADER\r\n.\r\n"
            elif command in ("BODY", "ARTICLE", "HEAD", "STAT"):
                reply = b"430 No Such Article\r\n"
            elif command == "DATE":
                reply = b"111 20260101000000\r\n"
            else:
                reply = b"500 unknown\r\n"
            self.wfile.write(reply)


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


if __name__ == "__main__":
    with Server(("127.0.0.1", int(sys.argv[1])), Handler) as server:
        server.serve_forever()
