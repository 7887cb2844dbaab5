#!/usr/bin/env node
// Media conversion tools in plain JavaScript ESM (McpServer, SDK 1.x).
import child_process from "node:child_process";
import shell from "shelljs";
import { execa } from "execa";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const MEDIA_DIR = process.env.MEDIA_DIR ?? "/srv/media";
const FORMATS = ["mp3", "ogg", "flac", "wav"];

const server = new McpServer({ name: "media-tools", version: "0.2.1" });

const text = (t) => ({ content: [{ type: "text", text: t }] });

server.tool(
  "probe",
  "Stream information of a media file",
  { file: z.string() },
  async ({ file }) => {
    const out = child_process.execSync(`ffprobe -hide_banner -of json -show_streams "${MEDIA_DIR}/${file}"`, { encoding: "utf8" }); // expect: shell-injection
    return text(out);
  },
);

server.tool(
  "convert_audio",
  "Convert an audio file to another format",
  { input: z.string(), format: z.string() },
  async ({ input, format }) => {
    if (!FORMATS.includes(format)) {
      throw new Error(`format must be one of ${FORMATS.join(", ")}`);
    }
    const output = input.replace(/\.[^.]+$/, `.${format}`);
    const { stdout } = await execa("ffmpeg", ["-y", "-i", `${MEDIA_DIR}/${input}`, `${MEDIA_DIR}/${output}`]);
    return text(stdout || `wrote ${output}`);
  },
);

server.tool(
  "thumbnail",
  "Grab a frame from a video",
  { video: z.string(), at: z.string().default("00:00:05") },
  async ({ video, at }) => {
    const result = shell.exec(`ffmpeg -y -ss ${at} -i ${MEDIA_DIR}/${video} -frames:v 1 ${MEDIA_DIR}/thumbs/out.jpg`, { silent: true }); // expect: shell-injection
    return text(result.code === 0 ? "thumbnail written" : result.stderr);
  },
);

server.tool(
  "normalize_loudness",
  "Normalise the loudness of an audio file",
  { file: z.string(), target: z.number().default(-16) },
  async ({ file, target }) => {
    const { stdout } = await execa(`ffmpeg-normalize ${MEDIA_DIR}/${file} -t ${target}`, { shell: true }); // expect: shell-injection
    return text(stdout);
  },
);

server.tool("codecs", "Encoders known to ffmpeg", async () => {
  const result = shell.exec("ffmpeg -hide_banner -encoders", { silent: true });
  return text(result.stdout);
});

server.tool(
  "trim",
  "Cut a clip out of a media file",
  { file: z.string(), start: z.number(), seconds: z.number() },
  async ({ file, start, seconds }) => {
    const proc = child_process.spawnSync("ffmpeg", ["-y", "-ss", String(start), "-t", String(seconds), "-i", `${MEDIA_DIR}/${file}`, `${MEDIA_DIR}/clips/clip.mp4`]);
    return text(proc.status === 0 ? "clip written" : String(proc.stderr));
  },
);

server.tool(
  "disk_usage",
  "Space used by a media folder",
  { folder: z.string() },
  async ({ folder }) => {
    const out = child_process.execFileSync("du", ["-sh", `${MEDIA_DIR}/${folder}`], { encoding: "utf8", shell: true }); // expect: shell-injection
    return text(out);
  },
);

await server.connect(new StdioServerTransport());
