// CRM reporting on Prisma, served with punkpeye's `fastmcp`.
import { Prisma, PrismaClient } from "@prisma/client";
import { FastMCP, UserError } from "fastmcp";
import { z } from "zod";

const prisma = new PrismaClient();

const server = new FastMCP({ name: "crm-reports", version: "1.2.0" });

const REGIONS = ["emea", "apac", "amer"];

const asText = (value: unknown) => JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2);

server.addTool({
  name: "accounts_by_owner",
  description: "Accounts owned by a sales rep",
  parameters: z.object({ owner: z.string().describe("E-mail of the account owner") }),
  annotations: { readOnlyHint: true },
  execute: async (args) => {
    const found = await prisma.$queryRawUnsafe(`SELECT id, name, tier FROM accounts WHERE owner_email = '${args.owner}'`); // expect: sql-injection
    return asText(found);
  },
});

server.addTool({
  name: "account_contacts",
  description: "Contacts of one account",
  parameters: z.object({ accountId: z.string() }),
  execute: async ({ accountId }) => {
    const found = await prisma.$queryRaw`SELECT id, name, email FROM contacts WHERE account_id = ${accountId} ORDER BY name`;
    return asText(found);
  },
});

server.addTool({
  name: "pipeline_total",
  description: "Open pipeline value for a region",
  parameters: z.object({ region: z.string(), minProbability: z.number().default(0) }),
  execute: async ({ region, minProbability }) => {
    if (!REGIONS.includes(region)) {
      throw new UserError(`region must be one of ${REGIONS.join(", ")}`);
    }
    const found = await prisma.$queryRawUnsafe(
      `SELECT sum(amount) AS total FROM opportunities WHERE region = '${region}' AND probability >= ${Number(minProbability)}`,
    );
    return asText(found);
  },
});

server.addTool({
  name: "touch_accounts",
  description: "Mark accounts as reviewed",
  parameters: z.object({ ids: z.array(z.string()), reviewer: z.string() }),
  execute: async ({ ids, reviewer }, { log }) => {
    const list = ids.map((id) => `'${id}'`).join(", ");
    const changed = await prisma.$executeRawUnsafe(`UPDATE accounts SET reviewed_by = '${reviewer}', reviewed_at = now() WHERE id IN (${list})`); // expect: sql-injection
    log.info("accounts reviewed", { changed });
    return `${changed} accounts updated`;
  },
});

server.addTool({
  name: "rename_account",
  description: "Rename an account",
  parameters: z.object({ id: z.string(), name: z.string() }),
  execute: async ({ id, name }) => {
    const changed = await prisma.$executeRawUnsafe("UPDATE accounts SET name = $1 WHERE id = $2", name, id);
    return `${changed} row(s) renamed`;
  },
});

server.addTool({
  name: "accounts_in_tiers",
  description: "Accounts in several tiers",
  parameters: z.object({ tiers: z.array(z.string()).min(1) }),
  execute: async ({ tiers }) => {
    const found = await prisma.$queryRaw(Prisma.sql`SELECT id, name FROM accounts WHERE tier IN (${Prisma.join(tiers)})`);
    return asText(found);
  },
});

server.addTool({
  name: "stale_opportunities",
  description: "Opportunities without activity for some days",
  parameters: z.object({ days: z.string() }),
  execute: async ({ days }) => {
    const sql = "SELECT id, name, stage FROM opportunities WHERE last_activity < now() - interval '" + days + " days'";
    return asText(await prisma.$queryRawUnsafe(sql)); // expect: sql-injection
  },
});

server.addTool({
  name: "account_count",
  description: "Number of accounts",
  execute: async () => String(await prisma.account.count()),
});

server.addResourceTemplate({
  uriTemplate: "crm://accounts/{domain}",
  name: "Account by web domain",
  mimeType: "application/json",
  arguments: [{ name: "domain", description: "The account's web domain", required: true }],
  load: async ({ domain }) => ({
    text: asText(await prisma.$queryRawUnsafe(`SELECT * FROM accounts WHERE domain = '${domain}' LIMIT 1`)), // expect: sql-injection
  }),
});

server.addPrompt({
  name: "account-brief",
  description: "Brief a rep before a call",
  arguments: [{ name: "accountId", required: true }],
  load: async ({ accountId }) => {
    const notes = await prisma.note.findMany({ where: { accountId }, orderBy: { createdAt: "desc" }, take: 10 });
    return `Prepare a call brief from these notes:\n${asText(notes)}`;
  },
});

server.start({ transportType: "stdio" });
