"""The service layer the tools call."""

from .store import Ledger, Repo, Store


class InventoryService:
    """Items and their stock."""

    def __init__(self) -> None:
        self.store = Store("inventory.db")
        self.ledger = Ledger("inventory.db")

    def find(self, sku: str):
        return self.store.get(sku)

    def stock(self, sku: str) -> int:
        return self.ledger.execute(sku)


class Suppliers:
    """Suppliers, from whichever repository the server was built with."""

    repo: Repo

    def __init__(self, repo: Repo) -> None:
        self.repo = repo

    def lookup(self, name: str) -> dict:
        return self.repo.supplier(name)
