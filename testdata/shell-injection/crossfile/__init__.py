"""CI helper server split across modules: tools in server.py, process helpers in utils.py."""
