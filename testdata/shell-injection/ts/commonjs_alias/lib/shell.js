// Process helpers of a docker server, CommonJS style.
const cp = require("child_process");
const util = require("util");

module.exports.run = util.promisify(cp.exec);
exports.runFile = util.promisify(cp.execFile);
