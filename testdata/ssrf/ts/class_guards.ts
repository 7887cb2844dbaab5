// A docs proxy whose McpServer lives in a class field and whose URL check is a method of it.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const DOC_HOSTS = ["developer.mozilla.org", "nodejs.org"];

export class DocsProxy {
  server = new McpServer({ name: "docs-proxy", version: "1.3.0" });

  constructor() {
    this.server.tool("proxy_doc", "Fetch an allowed docs page", { url: z.string() }, async ({ url }) => {
      if (!this.isDocsUrl(url)) throw new Error("not a docs host");
      return { content: [{ type: "text", text: await (await fetch(url)).text() }] };
    });

    this.server.tool("proxy_any", "Fetch any https page", { url: z.string() }, async ({ url }) => {
      if (!this.isHttps(url)) throw new Error("https only");
      return { content: [{ type: "text", text: await (await fetch(url)).text() }] }; // expect: ssrf
    });
  }

  isDocsUrl(url: string): boolean {
    return DOC_HOSTS.includes(new URL(url).hostname);
  }

  isHttps(url: string): boolean {
    return new URL(url).protocol === "https:";
  }
}

const proxy = new DocsProxy();
await proxy.server.connect(new StdioServerTransport());
