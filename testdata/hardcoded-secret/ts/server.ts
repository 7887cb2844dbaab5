// An MCP server in TypeScript with credentials written in the source.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import OpenAI from "openai";
import { Octokit } from "@octokit/rest";

const GITHUB_TOKEN = "ghp_lGrGpeCBBOTuVS4zMK5iJaUTGDadv7OkpyGz"; // expect: hardcoded-secret
const openai = new OpenAI({ apiKey: "sk-qO5bNuksL8QB5Tq840aOljiqoX8mZ2bg54v5wsG1CkZpywlH" }); // expect: hardcoded-secret
const octokit = new Octokit({ auth: `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` }); // expect: hardcoded-secret
const STRIPE_SECRET_KEY: string = "sk_live_Be53ETYI0IzFzOCa5C892rLe"; // expect: hardcoded-secret
const gitlab = { token: "glpat-n8bHe4BudZeiykoImSvz" }; // expect: hardcoded-secret
export const config = {
  sendgridKey: "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", // expect: hardcoded-secret
  twilioApiKey: "SK0a360faa5c5109c055208b08fb582495", // expect: hardcoded-secret
  headers: { Authorization: "Bearer stUYhMpPDr6IHbT37PPefohTmaHMkfQL" }, // expect: hardcoded-secret
  clientSecret: "zLHtOYDhTzUeAQaLtjBXQUIJ44K9", // expect: hardcoded-secret
  apiKeys: ["ajdllKimbfay9aj3fAyo", "VzHRCHKsU9dSRliknCAnVkmiLg6TW2"], // expect: hardcoded-secret, hardcoded-secret
};
const weatherToken = process.env.WEATHER_TOKEN ?? "wNzb9K342bep5F40j55uBm7jJr"; // expect: hardcoded-secret
const mongo = `mongodb+srv://svc:iCtaVbxARVae8O@cluster0.example.net/app`; // expect: hardcoded-secret
process.env.HF_TOKEN = "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"; // expect: hardcoded-secret

class Store {
  private password = "^#BPQE^aUlS0EhatMXrY=8rn"; // expect: hardcoded-secret
}

const server = new McpServer({ name: "repo-tools", version: "1.0.0" });

server.tool(
  "list_repos",
  "List repositories of the authenticated user.",
  { org: z.string(), token: z.string().default("gho_ZTEITManZCKOwRAB3A8lte1Lv6IudcxaF4dg") }, // expect: hardcoded-secret
  async ({ org }) => {
    const res = await fetch(`https://api.example.com/orgs/${org}/repos?api_key=Zuc2L0lVOvGBSkf376MjVs`); // expect: hardcoded-secret
    return { content: [{ type: "text", text: await res.text() }] };
  },
);

function authorized(token: string): boolean {
  return token === "798bf6da886d91330c191fdbad3be22a"; // expect: hardcoded-secret
}

// Not secrets.
const apiKey = process.env.OPENAI_API_KEY; // safe: hardcoded-secret
const token = process.env["GITHUB_TOKEN"] ?? "";
const PLACEHOLDER = "<YOUR_API_KEY>";
const example = { apiKey: "sk-...", secret: "${SECRET}", password: "" };
const LOCKFILE_INTEGRITY = "sha512-belBj6gxSt+QjjMlfCIqWw2txAVC32tlB1d4C5iyMglqtY50ANBUIgNe5oSgTIz1fNFO672wI31HBmWKBSqzfg==";
const commit = "70f9ad2eb77bf7b3092bae46fc1d00e8ae7cf4d8";
const sessionId = "7f5e8635-2389-4c4b-a19a-20bc10c7d414";
const logo = "data:image/png;base64,9IxMZMH2utsV+gW+14c/EByilKEf7XFDZRXvvDnJGvA+XSliimHJMeFngurJu8yvFgdKiZul4/zDGu60q8D9qSAgxfOEurhs6QrzioM+DX6tvHkbrfcK5NMqHZ0jh2mMTc7NNLk0KfCyPQt82InBkoIHL0owUSkSKqX3wuezcoE/B6duiZ+UnjWFpr6Q2bfrc0Z6mX9NHvq9fb29ptpFOgeZ82Mp6RduqsKtDut9R9unfuVFMaLFB4IeFT8h1ZffCCJ0zOQgcaRz3byWymbj3MeKcjFehr9BPpivuRngCXO3bxyCi8qEhmmhpCzfJUHF7BmIMkrQe9To6x95SKDd9aKkBAP6y7ntnsuk+CeXRBE8OG+goPg+oXKP6Sd+TELW+aEC8owYd6UNevFm";
const maxTokens = 4096;
const tokenEndpoint = "https://auth.example.com/token"; // safe: hardcoded-secret
const mockToken = "gVeNNNfA5d3QdpDdEghwK92StEbSD809RPeO";
const secretName = "prod/repo-tools/github";
