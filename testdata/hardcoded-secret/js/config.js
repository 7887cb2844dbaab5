// A CommonJS module of an MCP server in JavaScript.
const { Server } = require("@modelcontextprotocol/sdk/server/index.js");

const SLACK_TOKEN = "xoxb-785795521229-8764393198946-nNPpoXFPADbMyHfg1x7wa4QG"; // expect: hardcoded-secret
const HOOK = "https://hooks.slack.com/services/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"; // expect: hardcoded-secret
const GOOGLE_KEY = "AIzacm5amREOROBalIptyEj5wkGRnj2gQ9TMg6O"; // expect: hardcoded-secret
const ANTHROPIC = "sk-ant-api03-pUzvbQ3hfj2pi54BdWpTIGeEh3Q1Tih8buyDDMr0HnAEi3pAbBE96p8DWbSC7BH0UDO5jVJZrBGwVOdSGCmza8v4vaElzAA"; // expect: hardcoded-secret

module.exports = {
  apiKey: "JPHkij3hFijAOq7U6MIXgmkOAmw8FWc2", // expect: hardcoded-secret
  db: { password: "&Xyt&^iu7qw5GbZaUo+Z7AK6" }, // expect: hardcoded-secret
  jwt: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiAiUWI0bWNnY2YiLCAiaWF0IjogMTI0NTEyNzU3OX0.FfbyUCEU3WRzhy_DDFw-MVyZAWkRFV8SIOML-a8ldO1", // expect: hardcoded-secret
  groq: "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", // expect: hardcoded-secret
};

function connect(client) {
  client.setApiKey("s6MnsU9lbHS961sDiqtGy0DZ321a"); // expect: hardcoded-secret
  client.defaults.headers.common["Authorization"] = "Bearer iiIRISBPGmyhQwttK208z82lX2HWtn"; // expect: hardcoded-secret
}

// Not secrets.
const key = process.env.API_KEY || ""; // safe: hardcoded-secret
const fallbackKey = process.env.API_KEY || "your-api-key-here"; // safe: hardcoded-secret
const checksum = "c4747e2dce6ed28aafe5f71fa4ad8bad7d23776172677eb3b50ae17271af4440";
const requestId = "2947e4b7-b991-4054-a56d-25fe457a7a92";
const fakeToken = "l1hoQinbrd4g31FyqGMs";
module.exports.server = new Server({ name: "x", version: "1.0.0" });
