// Builds everything that runs: the Node side (Electron main, preload, CLI) and the renderer bundle.
// esbuild alone, so a build takes about a second and `npm run tundra` can afford to build each time.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');
const out = (...parts) => path.join(root, 'dist', ...parts);
const started = Date.now();

const nodeCommon = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // Native and Electron-provided modules are loaded at run time, never bundled.
  external: ['electron', 'better-sqlite3', 'onnxruntime-node'],
  logLevel: 'warning',
};

/**
 * zod's namespace object (`import { z } from 'zod'`) carries every one of its 40-odd locales, a
 * quarter of the renderer bundle (250 kB minified) that the page parsed on every start, though
 * only English is used (zod configures it itself). In the renderer the locales are English alone.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(context) {
    context.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${path.sep}node_modules${path.sep}zod${path.sep}`)
        ? { path: path.join(path.dirname(args.importer), args.path), namespace: 'zod-locales' }
        : undefined,
    );
    context.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(path.join(path.dirname(args.path), 'en.js'))};`,
      resolveDir: path.dirname(args.path),
    }));
  },
};

await mkdir(out('renderer'), { recursive: true });
await Promise.all([
  build({ ...nodeCommon, entryPoints: [path.join(root, 'main/app/main.ts')], outfile: out('main', 'app.cjs') }),
  build({ ...nodeCommon, entryPoints: [path.join(root, 'main/preload/preload.ts')], outfile: out('main', 'preload.cjs') }),
  build({
    ...nodeCommon,
    entryPoints: [path.join(root, 'main/cli/index.ts')],
    outfile: out('main', 'cli.cjs'),
  }),
  // Plotly is its own script (renderer/charts/load-plotly.ts says why), loaded after the first paint.
  build({
    entryPoints: [path.join(root, 'renderer/charts/plotly-bundle.ts')],
    outfile: out('renderer', 'plotly.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    minify: true,
    logLevel: 'warning',
  }),
  build({
    entryPoints: [path.join(root, 'renderer/main.tsx')],
    outfile: out('renderer', 'app.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    jsx: 'automatic',
    minify: true,
    sourcemap: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [zodEnglishOnly],
    logLevel: 'warning',
  }),
]);
await copyFile(path.join(root, 'renderer/index.html'), out('renderer', 'index.html'));

// Benchmarks are built only when asked for (npm run bench:*), to keep the everyday build lean.
if (process.argv.includes('--bench')) {
  await build({ ...nodeCommon, entryPoints: [path.join(root, 'bench/searchers/main.ts')], outfile: out('bench', 'searchers.cjs') });
  await copyFile(path.join(root, 'bench/searchers/optuna-driver.py'), out('bench', 'optuna-driver.py'));
  await build({ ...nodeCommon, entryPoints: [path.join(root, 'bench/scheduler/main.ts')], outfile: out('bench', 'scheduler.cjs') });
  await build({ ...nodeCommon, entryPoints: [path.join(root, 'bench/policies/main.ts')], outfile: out('bench', 'policies.cjs') });
  await copyFile(path.join(root, 'bench/policies/optuna-pruners.py'), out('bench', 'optuna-pruners.py'));
  await build({ ...nodeCommon, entryPoints: [path.join(root, 'bench/forecasts/main.ts')], outfile: out('bench', 'forecasts.cjs') });
  // Playwright drives a browser from its own files at run time: loaded, never bundled.
  await build({ ...nodeCommon, external: [...nodeCommon.external, '@playwright/test'], entryPoints: [path.join(root, 'bench/ui/main.ts')], outfile: out('bench', 'ui.cjs') });
  await build({ ...nodeCommon, external: [...nodeCommon.external, '@playwright/test'], entryPoints: [path.join(root, 'bench/ui/profile.ts')], outfile: out('bench', 'ui-profile.cjs') });
}

if (!quiet) console.log(`built dist/ in ${Date.now() - started} ms`);
