// Image helpers that the tools load lazily with `await import(...)`.
import fs from "node:fs";
import path from "node:path";

const IMAGES = path.resolve(process.env.IMAGES_DIR ?? "/srv/images");

/** Writes the image under any folder the caller names. */
export async function saveImage(localPath: string, fileName: string, data: Uint8Array) {
  fs.mkdirSync(localPath, { recursive: true }); // expect: path-traversal from=localPath
  fs.writeFileSync(path.join(localPath, fileName), data); // expect: path-traversal from=localPath
}

/** Writes the image inside the images folder, refusing anything that leaves it. */
export async function saveImageInside(localPath: string, fileName: string, data: Uint8Array) {
  const target = path.resolve(IMAGES, localPath, fileName);
  if (!target.startsWith(IMAGES + path.sep)) {
    throw new Error("outside the images folder");
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, data);
}
