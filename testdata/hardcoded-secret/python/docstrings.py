# Docstrings that describe credentials without holding one.


def parse_connection_url(url: str) -> dict:
    """Split a connection URL into user, password, host and port.

    Accepted forms:
    - <user>[:<password>]@<host>[:<port>]
    - Empty passwords: user:@host:port
    """
    return {"url": url}


def connect_staging() -> dict:
    """Connect to the staging cluster (staging password: Tq8vLz3Wk9x)."""  # expect: hardcoded-secret
    return {"host": "staging.internal"}
