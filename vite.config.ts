import fs from 'node:fs';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const repoRoot = import.meta.dirname;
const outDir = path.join(repoRoot, 'dist/web');

/**
 * Writes the list of project files that went into the bundle (src/web and the
 * server's *.schema.ts / roles.ts it imports), so scripts/build-web-if-stale.mjs
 * can rebuild when any of them changes, not only files under src/web.
 */
function buildInputsManifest(): Plugin {
  return {
    name: 'salesdesk-build-inputs',
    apply: 'build',
    writeBundle(_options, bundle) {
      pruneOldAssets(new Set(Object.keys(bundle)));
      const inputs = [...this.getModuleIds()]
        .map((id) => id.split('?')[0])
        .filter((id) => id.startsWith(repoRoot) && !id.includes(`${path.sep}node_modules${path.sep}`) && fs.existsSync(id))
        .map((id) => path.relative(repoRoot, id))
        .sort();
      fs.writeFileSync(path.join(outDir, 'build-inputs.json'), JSON.stringify([...new Set(inputs)], null, 1));
    },
  };
}

/**
 * The output directory is not emptied: a page opened before an upgrade (or a server
 * started before a rebuild, which keeps serving the index.html it read) still finds
 * the chunks it asks for. Assets of earlier builds go after a week.
 */
const KEEP_OLD_ASSETS_MS = 7 * 24 * 3600 * 1000;
function pruneOldAssets(current: Set<string>) {
  const dir = path.join(outDir, 'assets');
  if (!fs.existsSync(dir)) return;
  const cutoff = Date.now() - KEEP_OLD_ASSETS_MS;
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    if (!current.has(`assets/${name}`) && fs.statSync(file).mtimeMs < cutoff) fs.rmSync(file, { force: true });
  }
}

export default defineConfig({
  root: path.join(repoRoot, 'src/web'),
  base: '/',
  plugins: [react(), buildInputsManifest()],
  build: {
    outDir,
    emptyOutDir: false, // see pruneOldAssets
    // The server caches /assets/* for a year (immutable), so every asset name carries a content hash.
    assetsDir: 'assets',
    // antd + pro-components make a large vendor chunk; pages are split per module (React.lazy).
    chunkSizeWarningLimit: 2500,
    rolldownOptions: {
      output: {
        // React and friends change less often than our code: their own chunk keeps its cache across our deploys.
        // antd is left to automatic splitting, so ProTable/ProForm load with the first page that needs them.
        codeSplitting: {
          groups: [
            { name: 'vendor-react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|@tanstack|i18next|react-i18next)[\\/]/, priority: 20 },
          ],
        },
      },
    },
  },
  server: {
    // `npx vite` for UI work: the API comes from a running `npm run dev` (port 3000, or SALESDESK_API).
    // '/api/' with the slash: '/api' alone would also catch the module /api-client.ts.
    proxy: { '/api/': process.env.SALESDESK_API ?? 'http://127.0.0.1:3000', '/healthz': process.env.SALESDESK_API ?? 'http://127.0.0.1:3000' },
  },
});
