"""The language server's parts; :mod:`newslint.server` lists them and runs the server."""
