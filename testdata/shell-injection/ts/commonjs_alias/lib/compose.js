// docker compose helpers, exported as one object.
const { exec } = require("child_process");
const { promisify } = require("util");

const execAsync = promisify(exec);
const COMPOSE_FILE = "docker-compose.yml";

module.exports = { execAsync, COMPOSE_FILE };
