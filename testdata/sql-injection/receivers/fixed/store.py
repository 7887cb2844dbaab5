"""Inventory storage: one SQLite database, reached only through the classes below."""

import sqlite3
from typing import Protocol


class Store:
    """Items by SKU."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path)

    def get(self, sku: str):
        cur = self.conn.cursor()
        cur.execute("SELECT name, qty FROM items WHERE sku = ?", (sku,))
        return cur.fetchone()


class Ledger:
    """Stock movements; `execute` is this project's method, not a DB-API cursor."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path)

    def execute(self, sku: str) -> int:
        row = self.conn.execute("SELECT SUM(delta) FROM moves WHERE sku = ?", (sku,))
        return row.fetchone()[0] or 0


class Repo(Protocol):
    """Anything that looks up a supplier by name."""

    def supplier(self, name: str) -> dict: ...


class SqlRepo(Repo):
    """Suppliers in the inventory database."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path)

    def supplier(self, name: str) -> dict:
        cur = self.conn.execute("SELECT * FROM suppliers WHERE name = ?", (name,))
        return dict(cur.fetchone() or {})


class Bins:
    """Warehouse bins."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path)

    def items_in(self, bin_id: str) -> list:
        return self.conn.execute("SELECT sku FROM bins WHERE bin = ?", (bin_id,)).fetchall()


class AuditLog:
    """Who changed what."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path)

    def actions_of(self, user: str) -> list:
        return self.conn.execute("SELECT action FROM audit WHERE user = ?", (user,)).fetchall()


audit_log = AuditLog("inventory.db")
