// A design-export server whose tools load the image helpers with a dynamic import. The
// vulnerable tool and its fixed twin differ in the one line naming the helper.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const server = new McpServer({ name: "design-export", version: "0.4.0" });

async function render(nodeId: string): Promise<Uint8Array> {
  const response = await fetch(`https://render.example.com/nodes/${encodeURIComponent(nodeId)}.png`);
  return new Uint8Array(await response.arrayBuffer());
}

const params = { nodeId: z.string(), localPath: z.string(), fileName: z.string() };

server.tool("download_image", "Save a rendered node", params, async ({ nodeId, localPath, fileName }) => {
  const { saveImage } = await import("./images.js");
  await saveImage(localPath, fileName, await render(nodeId));
  return { content: [{ type: "text", text: "saved" }] };
});

server.tool("download_image_inside", "Save a rendered node", params, async ({ nodeId, localPath, fileName }) => {
  const { saveImageInside } = await import("./images.js");
  await saveImageInside(localPath, fileName, await render(nodeId));
  return { content: [{ type: "text", text: "saved" }] };
});
