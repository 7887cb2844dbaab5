// Tests of a database server's connection handling: made-up credentials in connection strings.
import { describe, expect, it } from "vitest";
import { redactConnectionString } from "../connection";

describe("redactConnectionString", () => {
  it("hides the password", () => {
    const uri = "mongodb://admin:Pw7xRq2Lm9@cluster0.example.net:27017/app"; // safe: hardcoded-secret
    expect(redactConnectionString(uri)).not.toContain("Pw7xRq2Lm9"); // safe: hardcoded-secret
  });

  it("still flags a live key", () => {
    const key = "sk_live_4fR9tQ2mX7vL1pZ8wK3nB6yH"; // expect: hardcoded-secret
    expect(key).toBeTruthy();
  });
});
