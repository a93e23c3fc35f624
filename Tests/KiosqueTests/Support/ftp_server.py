"""The FTP test server: serves ROOT on 127.0.0.1 (a free port, printed on the first line) to
anonymous users and to the user agent, password s3cr3t-ftp, read-only, until killed.

Usage: ftp_server.py ROOT
"""
import logging
import sys

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer

logging.basicConfig(level=logging.CRITICAL)
authorizer = DummyAuthorizer()
authorizer.add_user("agent", "s3cr3t-ftp", sys.argv[1], perm="elr")
authorizer.add_anonymous(sys.argv[1], perm="elr")
FTPHandler.authorizer = authorizer
server = FTPServer(("127.0.0.1", 0), FTPHandler)
print(server.address[1], flush=True)
server.serve_forever()
