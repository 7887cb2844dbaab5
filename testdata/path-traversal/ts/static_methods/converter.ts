// Static methods with a destructured options parameter, called from another file.
import { promises as fsp } from "node:fs";
import * as path from "node:path";

const DOCS = path.resolve("/srv/docs");

export class Converter {
  /** Reads any file. */
  static async get({ filePath, encoding = "utf-8" }: { filePath: string; encoding?: BufferEncoding }) {
    return fsp.readFile(filePath, encoding); // expect: path-traversal from=file
  }

  /** Reads a file inside the documents folder, refusing anything that leaves it. */
  static async getInside({ filePath }: { filePath: string }) {
    const abs = path.resolve(DOCS, filePath);
    if (!abs.startsWith(DOCS + path.sep)) {
      throw new Error("outside the documents folder");
    }
    return fsp.readFile(abs, "utf-8");
  }
}
