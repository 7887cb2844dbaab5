"""Helpers that call the upstream service."""
import requests

BASE = "https://status.example.com/api"


def service_status() -> str:
    """Called by the `status` tool in another module."""
    return requests.get(f"{BASE}/status").json()["state"]  # warn: missing-timeout


def service_history() -> str:
    """The same call, in a function no tool reaches."""
    return requests.get(f"{BASE}/history").text  # safe: missing-timeout
