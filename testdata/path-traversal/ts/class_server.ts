// A notes vault served by an McpServer held in a class field.
import { promises as fsp } from "node:fs";
import * as path from "node:path";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

export class VaultServer {
  server = new McpServer({ name: "notes-vault", version: "1.2.0" });
  private readonly root: string;

  constructor(vaultDir: string) {
    this.root = path.resolve(vaultDir);

    this.server.tool("read_note", "Read a note", { note: z.string() }, async ({ note }) => {
      const body = await fsp.readFile(path.join(this.root, `${note}.md`), "utf8"); // expect: path-traversal
      return { content: [{ type: "text", text: body }] };
    });

    this.server.tool("list_notes", "Notes at the top of the vault", async () => {
      const names = (await fsp.readdir(this.root)).filter((n) => n.endsWith(".md"));
      return { content: [{ type: "text", text: names.join("\n") }] };
    });

    this.server.registerTool(
      "append_note",
      { description: "Append text to a note", inputSchema: { note: z.string(), text: z.string() } },
      async ({ note, text }) => {
        await fsp.appendFile(this.notePath(note), `\n${text}\n`, "utf8");
        return { content: [{ type: "text", text: "appended" }] };
      },
    );

    this.server.registerTool(
      "archive_note",
      { description: "Move a note into the archive folder", inputSchema: { note: z.string() } },
      async ({ note }) => this.archive(note),
    );

    this.server.registerTool(
      "attach",
      { description: "Copy a file from disk into the vault", inputSchema: { source: z.string() } },
      async ({ source }) => {
        const dest = path.join(this.root, "attachments", path.basename(source));
        await fsp.copyFile(source, dest); // expect: path-traversal
        return { content: [{ type: "text", text: `attached as ${path.basename(dest)}` }] };
      },
    );
  }

  /** Resolves a note name inside the vault, refusing anything that leaves it. */
  private notePath(note: string): string {
    const abs = path.resolve(this.root, `${note}.md`);
    if (!abs.startsWith(this.root + path.sep)) {
      throw new Error(`invalid note name ${note}`);
    }
    return abs;
  }

  private async archive(note: string) {
    const from = path.join(this.root, `${note}.md`);
    const to = path.join(this.root, "archive", `${path.basename(note)}.md`);
    await fsp.mkdir(path.dirname(to), { recursive: true });
    await fsp.rename(from, to); // expect: path-traversal
    return { content: [{ type: "text" as const, text: `archived ${note}` }] };
  }

  async start(): Promise<void> {
    await this.server.connect(new StdioServerTransport());
  }
}

await new VaultServer(process.env.VAULT_DIR ?? "./vault").start();
