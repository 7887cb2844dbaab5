// Commerce and AI clients of a storefront assistant (McpServer.registerTool), keys written inline.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import * as Figma from "figma-api";
import { z } from "zod";

const SHOPIFY_ADMIN_TOKEN = "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"; // expect: hardcoded-secret
const squareToken = "sq0atp-0gRMfEI3vXoePweqqA3ZCB"; // expect: hardcoded-secret

export const aiKeys = {
  replicate: "r8_OY4gZabCtKcE5YaxqftNQ1iyHbDzJtu0aj4pg", // expect: hardcoded-secret
  perplexity: "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", // expect: hardcoded-secret
  xai: "xai-MaER25ywSuCOLvzJOs2eNBRnYXL3BwPvd9loDDA2M1TUWC480vE3x297BbVfaX4VotOgFRRmZlPtDIDM", // expect: hardcoded-secret
};

const figma = new Figma.Api({ personalAccessToken: "figd_enyslh45Jh3Bx9LExIuprHl-KB6GGy5AYvfmKVhD" }); // expect: hardcoded-secret

async function sendReceipt(to: string, html: string): Promise<void> {
  await fetch("https://api.resend.com/emails", {
    method: "POST",
    headers: {
      Authorization: "Bearer re_pC4y0BIX_vsMIQOxNA0Ts7XFwI3LMwvgV", // expect: hardcoded-secret
      "Content-Type": "application/json",
    },
    body: JSON.stringify({ from: "shop@store.example.org", to, subject: "Your receipt", html }),
  });
}

const server = new McpServer({ name: "storefront", version: "1.2.0" });

server.registerTool(
  "order_status",
  { description: "Status of an order", inputSchema: { orderId: z.string() } },
  async ({ orderId }) => {
    const res = await fetch(`https://store.example.org/admin/api/2024-07/orders/${encodeURIComponent(orderId)}.json`, {
      headers: { "X-Shopify-Access-Token": SHOPIFY_ADMIN_TOKEN },
    });
    return { content: [{ type: "text", text: await res.text() }] };
  },
);

// Not secrets: where the keys should come from.
const RESEND_KEY_VAR = "RESEND_API_KEY"; // safe: hardcoded-secret
const squareFromEnv = process.env.SQUARE_ACCESS_TOKEN ?? "";
