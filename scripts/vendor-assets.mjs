// Copy pinned Bootstrap files (with their source maps and licence) into static/vendor/.
// Run `npm ci && npm run vendor` after changing the pin in package.json, then commit the files.
import { copyFileSync, mkdirSync } from "node:fs";

const out = "static/vendor/bootstrap";
mkdirSync(out, { recursive: true });
for (const file of [
  "dist/css/bootstrap.min.css",
  "dist/css/bootstrap.min.css.map",
  "dist/js/bootstrap.bundle.min.js",
  "dist/js/bootstrap.bundle.min.js.map",
  "LICENSE",
]) {
  copyFileSync(`node_modules/bootstrap/${file}`, `${out}/${file.split("/").pop()}`);
}
console.log(`copied Bootstrap into ${out}`);
