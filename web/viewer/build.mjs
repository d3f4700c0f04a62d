// Copy the pinned vis-network build into the Flask static folder, so the app serves it itself
// (no CDN: the viewer must work on a machine without internet). Run `npm ci && npm run build`.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, "node_modules", "vis-network");
const target = join(here, "..", "..", "src", "coopgraph", "web", "static", "vendor", "vis-network");
const version = JSON.parse(readFileSync(join(source, "package.json"), "utf8")).version;

mkdirSync(target, { recursive: true });
// The standalone UMD build bundles vis-data and injects its own CSS: one file is enough.
// The source map is not shipped: drop its reference so browsers never ask for it.
const bundle = readFileSync(join(source, "standalone/umd/vis-network.min.js"), "utf8");
writeFileSync(join(target, "vis-network.min.js"), bundle.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n"));
for (const [from, to] of [
  ["LICENSE-MIT", "LICENSE-MIT"],
  ["LICENSE-APACHE-2.0", "LICENSE-APACHE-2.0"],
]) {
  copyFileSync(join(source, from), join(target, to));
}
writeFileSync(join(target, "VERSION"), `vis-network ${version}\n`);
console.log(`copied vis-network ${version} to ${target}`);
