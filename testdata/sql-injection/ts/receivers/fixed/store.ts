// Order storage over better-sqlite3, reached only through these classes.
import Database from "better-sqlite3";

const db = new Database("orders.db");

export class OrderStore {
  get(orderId: string) {
    return db.prepare("SELECT id, total FROM orders WHERE id = ?").get(orderId);
  }
}

export interface ReportRepo {
  run(region: string): unknown[];
}

export class SqlReportRepo implements ReportRepo {
  run(region: string) {
    return db.prepare("SELECT day, sum(total) FROM orders WHERE region = ? GROUP BY day").all(region);
  }
}

export class Ledger {
  query(account: string) {
    return db.prepare("SELECT * FROM ledger WHERE account = ?").all(account);
  }
}

export class CustomerStore {
  byEmail(email: string) {
    return db.prepare("SELECT id, name FROM customers WHERE email = ?").get(email);
  }
}

export const customers = new CustomerStore();
