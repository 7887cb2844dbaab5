export * from "./grep.js";
export * from "./lint.js";
