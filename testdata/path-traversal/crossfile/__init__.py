"""Artifact store server: app.py builds the server, tools.py declares tools, storage.py does I/O."""
