export * from "./customers.js";
export * from "./orders.js";
