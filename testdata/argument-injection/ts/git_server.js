// A git MCP server in plain JavaScript: low-level Server, simple-git, execFile through a helper.
const { execFile, spawnSync } = require("child_process");
const { Server } = require("@modelcontextprotocol/sdk/server/index.js");
const { CallToolRequestSchema } = require("@modelcontextprotocol/sdk/types.js");
const { simpleGit } = require("simple-git");

const REPO = process.env.REPO_DIR || "/srv/repo";
const git = simpleGit(REPO);
const server = new Server({ name: "git-js", version: "0.1.0" }, { capabilities: { tools: {} } });

function runGit(args) {
  return new Promise((resolve, reject) => {
    execFile("git", ["-C", REPO, ...args], (err, stdout) => (err ? reject(err) : resolve(stdout)));  // expect: argument-injection
  });
}

server.setRequestHandler(CallToolRequestSchema, async (request) => {
  const args = request.params.arguments;
  switch (request.params.name) {
    case "diff":
      // Reaches runGit's execFile with the target in an option position.
      return { content: [{ type: "text", text: await runGit(["diff", args.target]) }] };
    case "diff_file":
      return { content: [{ type: "text", text: await runGit(["diff", "HEAD", "--", args.file]) }] };
    case "raw_log":
      // simple-git's raw() passes the arguments as they are.
      return { content: [{ type: "text", text: await git.raw(["log", "--oneline", args.rev]) }] };  // expect: argument-injection
    case "raw_blame":
      return { content: [{ type: "text", text: await git.raw("blame", "--porcelain", "--", args.file) }] };
    case "checkout": {
      const proc = spawnSync("git", ["-C", REPO, "checkout", args.branch], { encoding: "utf8" });  // expect: argument-injection
      return { content: [{ type: "text", text: proc.stdout + proc.stderr }] };
    }
    case "checkout_safe": {
      if (String(args.branch).startsWith("-")) throw new Error("invalid branch");
      const proc = spawnSync("git", ["-C", REPO, "checkout", args.branch], { encoding: "utf8" });
      return { content: [{ type: "text", text: proc.stdout + proc.stderr }] };
    }
    default:
      throw new Error(`unknown tool ${request.params.name}`);
  }
});
