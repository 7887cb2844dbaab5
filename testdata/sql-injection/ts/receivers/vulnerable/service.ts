// The service layer: dependencies built in the constructor or injected through it.
import { Ledger, OrderStore, type ReportRepo } from "./store.js";

export class OrderService {
  private ledger: Ledger;

  constructor(
    private readonly reports: ReportRepo,
    ledger: Ledger,
  ) {
    this.orders = new OrderStore();
    this.ledger = ledger;
  }

  private orders: OrderStore;

  find(orderId: string) {
    return this.orders.get(orderId);
  }

  dailyTotals(region: string) {
    return this.reports.run(region);
  }

  entries(account: string) {
    return this.ledger.query(account);
  }
}
