#!/usr/bin/env node
// Builds the web app (vite build → dist/web) only when it is missing or older than its
// sources, so that `npm start` is quick from the second run on. Plain Node, no dependencies.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outIndex = path.join(root, 'dist/web/index.html');
const manifest = path.join(root, 'dist/web/build-inputs.json');

/** Newest modification time under a path (a file or a directory tree); 0 when it does not exist. */
function newestMtime(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted or renamed file changes its directory's mtime
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

function staleReason() {
  if (!fs.existsSync(outIndex)) return 'dist/web/index.html is missing';
  const builtAt = fs.statSync(outIndex).mtimeMs;
  const watched = ['src/web', 'vite.config.ts', 'package-lock.json'];
  // Files outside src/web that the bundle imports (server schemas), as recorded by the last build.
  try {
    for (const file of JSON.parse(fs.readFileSync(manifest, 'utf8'))) {
      if (!fs.existsSync(path.join(root, file))) return `${file} was removed`;
      watched.push(file);
    }
  } catch {
    return 'dist/web/build-inputs.json is missing';
  }
  for (const p of watched) {
    if (newestMtime(path.join(root, p)) > builtAt) return `${p} changed`;
  }
  return null;
}

const reason = staleReason();
if (!reason) {
  console.log('web app is up to date (dist/web)');
  process.exit(0);
}
console.log(`building the web app: ${reason}`);
let viteBin;
try {
  const require = createRequire(import.meta.url);
  viteBin = path.join(path.dirname(require.resolve('vite/package.json')), 'bin/vite.js');
} catch {
  console.error('vite is not installed: run `npm install` (with dev dependencies) first');
  process.exit(1);
}
const startedAt = new Date();
const result = spawnSync(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  console.error('vite build failed');
  process.exit(result.status ?? 1);
}
// Date the output at the build's start: a source saved during the build is then still newer, and rebuilds next time.
fs.utimesSync(outIndex, startedAt, startedAt);
