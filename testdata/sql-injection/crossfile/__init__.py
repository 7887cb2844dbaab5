"""Library catalogue server split across modules: tools in server.py, queries in db.py."""
