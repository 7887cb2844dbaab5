// A scraping server on punkpeye's fastmcp (plain JavaScript): addTool({ execute }).
import { FastMCP } from "fastmcp";
import got from "got";
import ky from "ky";
import superagent from "superagent";
import { z } from "zod";

const server = new FastMCP({ name: "scraper", version: "0.9.0" });

const crawler = got.extend({ timeout: { request: 5000 }, headers: { "user-agent": "scraper" } });
const archive = ky.create({ prefixUrl: "https://archive.example.org/api" });

server.addTool({
  name: "scrape",
  description: "Download a page and return its HTML",
  parameters: z.object({ url: z.string() }),
  execute: async ({ url }) => {
    return await crawler.get(url).text(); // expect: ssrf
  },
});

server.addTool({
  name: "submit_form",
  description: "Submit a form to a URL",
  parameters: z.object({ action: z.string(), fields: z.record(z.string()) }),
  execute: async ({ action, fields }) => {
    const res = await superagent.post(action).type("form").send(fields); // expect: ssrf
    return String(res.status);
  },
});

server.addTool({
  name: "archive_lookup",
  description: "Look a page up in the archive",
  parameters: z.object({ page: z.string() }),
  execute: async ({ page }) => {
    const direct = await archive.get(page).json(); // expect: ssrf
    const byId = await archive.get(`pages/${encodeURIComponent(page)}`).json();
    return JSON.stringify({ direct, byId });
  },
});

server.addTool({
  name: "sitemap",
  description: "Read the sitemap of a site",
  parameters: z.object({ origin: z.string() }),
  execute: async ({ origin }) => {
    return await got(`${origin}/sitemap.xml`).text(); // expect: ssrf
  },
});

server.addTool({
  name: "robots",
  description: "Read our own robots.txt for a path",
  parameters: z.object({ path: z.string() }),
  execute: async ({ path }) => {
    return await crawler.get(`https://www.example.org/${path}`).text();
  },
});

server.start({ transportType: "stdio" });
