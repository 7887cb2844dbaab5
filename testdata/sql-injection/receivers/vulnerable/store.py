"""Inventory storage: one SQLite database, reached only through the classes below."""

import sqlite3
from typing import Protocol


class Store:
    """Items by SKU."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path)

    def get(self, sku: str):
        cur = self.conn.cursor()
        cur.execute(f"SELECT name, qty FROM items WHERE sku = '{sku}'")  # expect: sql-injection from=sku
        return cur.fetchone()


class Ledger:
    """Stock movements; `execute` is this project's method, not a DB-API cursor."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path)

    def execute(self, sku: str) -> int:
        row = self.conn.execute(f"SELECT SUM(delta) FROM moves WHERE sku = '{sku}'")  # expect: sql-injection from=sku
        return row.fetchone()[0] or 0


class Repo(Protocol):
    """Anything that looks up a supplier by name."""

    def supplier(self, name: str) -> dict: ...


class SqlRepo(Repo):
    """Suppliers in the inventory database."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path)

    def supplier(self, name: str) -> dict:
        cur = self.conn.execute(f"SELECT * FROM suppliers WHERE name = '{name}'")  # expect: sql-injection from=name
        return dict(cur.fetchone() or {})


class Bins:
    """Warehouse bins."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path)

    def items_in(self, bin_id: str) -> list:
        return self.conn.execute(f"SELECT sku FROM bins WHERE bin = '{bin_id}'").fetchall()  # expect: sql-injection from=bin_id


class AuditLog:
    """Who changed what."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path)

    def actions_of(self, user: str) -> list:
        return self.conn.execute(f"SELECT action FROM audit WHERE user = '{user}'").fetchall()  # expect: sql-injection from=user


audit_log = AuditLog("inventory.db")
