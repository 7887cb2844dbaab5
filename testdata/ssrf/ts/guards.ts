// A docs fetcher (McpServer.tool, zod) with URL checks, some sound and some not.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import axios from "axios";
import { z } from "zod";

const server = new McpServer({ name: "docs-fetcher", version: "0.2.0" });

const ALLOWED_HOSTS = new Set(["developer.mozilla.org", "nodejs.org"]);
const ALLOWED_LIST = ["developer.mozilla.org", "nodejs.org"];
const api = axios.create({ baseURL: "https://api.docs.example", timeout: 5000 });

// --- Sound checks ------------------------------------------------------------------------------

server.tool("fetch_doc", "Fetch an allowed documentation page", { url: z.string() }, async ({ url }) => {
  const parsed = new URL(url);
  if (!ALLOWED_HOSTS.has(parsed.hostname)) {
    throw new Error(`host ${parsed.hostname} is not allowed`);
  }
  const res = await fetch(parsed, { redirect: "error" });
  return { content: [{ type: "text", text: await res.text() }] };
});

server.tool("fetch_mdn", "Fetch an MDN page", { url: z.string() }, async ({ url }) => {
  if (new URL(url).host !== "developer.mozilla.org") {
    throw new Error("only MDN");
  }
  return { content: [{ type: "text", text: await (await fetch(url)).text() }] };
});

server.tool("fetch_listed", "Fetch a page of a listed host", { url: z.string() }, async ({ url }) => {
  if (!ALLOWED_LIST.includes(new URL(url).hostname)) throw new Error("not allowed");
  return { content: [{ type: "text", text: await (await fetch(url)).text() }] };
});

server.tool("fetch_node_doc", "Fetch a Node.js doc page", { url: z.string() }, async ({ url }) => {
  if (!url.startsWith("https://nodejs.org/")) throw new Error("only nodejs.org");
  return { content: [{ type: "text", text: await (await fetch(url)).text() }] };
});

server.tool("fetch_api_page", "Fetch an API page", { url: z.string() }, async ({ url }) => {
  if (!/^https:\/\/nodejs\.org\/api\//.test(url)) throw new Error("only the Node.js API docs");
  return { content: [{ type: "text", text: await (await fetch(url)).text() }] };
});

server.tool("doc_by_slug", "Read a doc by slug", { slug: z.string() }, async ({ slug }) => {
  const { data } = await api.get(`/docs/${encodeURIComponent(slug)}`);
  return { content: [{ type: "text", text: JSON.stringify(data) }] };
});

// --- Flawed checks -----------------------------------------------------------------------------

server.tool("fetch_prefix", "Fetch a Node.js page", { url: z.string() }, async ({ url }) => {
  // https://nodejs.org.attacker.example passes this check.
  if (!url.startsWith("https://nodejs.org")) throw new Error("only nodejs.org");
  return { content: [{ type: "text", text: await (await fetch(url)).text() }] }; // expect: ssrf
});

server.tool("fetch_https", "Fetch any https page", { url: z.string() }, async ({ url }) => {
  if (new URL(url).protocol !== "https:") throw new Error("https only");
  return { content: [{ type: "text", text: await (await globalThis.fetch(url)).text() }] }; // expect: ssrf
});

server.tool("doc_by_path", "Read a doc by path", { path: z.string() }, async ({ path }) => {
  // axios lets an absolute URL override the instance's baseURL.
  const { data } = await api.get(path); // expect: ssrf
  return { content: [{ type: "text", text: JSON.stringify(data) }] };
});

// --- Checks written as methods of a host-policy class ------------------------------------------

class HostPolicy {
  constructor(private readonly hosts: Set<string>) {}

  allows(url: string): boolean {
    return this.hosts.has(new URL(url).hostname);
  }

  looksLikeUrl(url: string): boolean {
    return url.includes("://");
  }
}

const policy = new HostPolicy(ALLOWED_HOSTS);

async function fetchChecked(checker: HostPolicy, url: string): Promise<string> {
  if (!checker.allows(url)) throw new Error("host not allowed");
  return (await fetch(url)).text();
}

server.tool("fetch_by_policy", "Fetch a page the host policy allows", { url: z.string() }, async ({ url }) => {
  if (!policy.allows(url)) throw new Error("host not allowed");
  return { content: [{ type: "text", text: await (await fetch(url)).text() }] };
});

server.tool("fetch_through_helper", "Fetch through a checking helper", { url: z.string() }, async ({ url }) => {
  return { content: [{ type: "text", text: await fetchChecked(policy, url) }] };
});

server.tool("fetch_url_shaped", "Fetch anything that looks like a URL", { url: z.string() }, async ({ url }) => {
  if (!policy.looksLikeUrl(url)) throw new Error("not a URL");
  return { content: [{ type: "text", text: await (await fetch(url)).text() }] }; // expect: ssrf
});

// --- Checks in helper functions: a protocol check is not a host check --------------------------

function isHttps(url: string): boolean {
  const parsed = new URL(url);
  if (parsed.protocol !== "https:") return false;
  return true;
}

function hostAllowed(url: string): boolean {
  const parsed = new URL(url);
  if (!ALLOWED_HOSTS.has(parsed.hostname)) return false;
  return true;
}

server.tool("fetch_checked_host", "Fetch after a helper checked the host", { url: z.string() }, async ({ url }) => {
  if (!hostAllowed(url)) throw new Error("host not allowed");
  return { content: [{ type: "text", text: await (await fetch(url)).text() }] };
});

server.tool("fetch_checked_scheme", "Fetch after a helper checked the protocol", { url: z.string() }, async ({ url }) => {
  if (!isHttps(url)) throw new Error("https only");
  return { content: [{ type: "text", text: await (await fetch(url)).text() }] }; // expect: ssrf
});
