// A link previewer (McpServer, SDK 1.x) that resolves the host before fetching: rejecting
// private addresses together with a protocol allow-list keeps the request off the internal
// network; either part alone does not.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import dns from "node:dns";
import net from "node:net";
import ipaddr from "ipaddr.js";

const server = new McpServer({ name: "fetcher", version: "1.0.0" });
const blockList = new net.BlockList();
blockList.addSubnet("10.0.0.0", 8);

server.tool("fetch_page", "Fetch a page", { url: z.string() }, async ({ url }) => {
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new Error("scheme");
  const { address } = await dns.promises.lookup(parsed.hostname);
  if (blockList.check(address)) throw new Error("private address");
  const res = await fetch(url);
  return { content: [{ type: "text", text: await res.text() }] };
});

server.tool("fetch_page_ipaddr", "Fetch a page", { url: z.string() }, async ({ url }) => {
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new Error("scheme");
  const { address } = await dns.promises.lookup(parsed.hostname);
  if (ipaddr.parse(address).range() !== "unicast") throw new Error("private address");
  const res = await fetch(url);
  return { content: [{ type: "text", text: await res.text() }] };
});

server.tool("fetch_page_any_protocol", "Fetch a page", { url: z.string() }, async ({ url }) => {
  const parsed = new URL(url);
  const { address } = await dns.promises.lookup(parsed.hostname);
  if (ipaddr.parse(address).range() !== "unicast") throw new Error("private address");
  const res = await fetch(url); // expect: ssrf from=url
  return { content: [{ type: "text", text: await res.text() }] };
});


server.tool("fetch_page_loopback", "Fetch a page", { url: z.string() }, async ({ url }) => {
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new Error("scheme");
  const { address } = await dns.promises.lookup(parsed.hostname);
  if (address === "127.0.0.1") throw new Error("loopback address");
  const res = await fetch(url); // expect: ssrf from=url
  return { content: [{ type: "text", text: await res.text() }] };
});
