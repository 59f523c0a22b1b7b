// Prepares what `electron .` needs, without touching what `npm test` uses under Node:
//  1. the Electron binary (its download is skipped at install time: allowScripts denies it, so
//     `npm install` works offline and in CI);
//  2. an Electron-ABI build of better-sqlite3 in build/electron-native/<electron version>/, loaded
//     by main/app/native-binding.ts. node_modules/better-sqlite3 keeps its Node build.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const electronDir = path.dirname(require.resolve('electron/package.json'));

function fail(message) {
  console.error(`\nnpm start: ${message}\n`);
  process.exit(1);
}

// 1. The Electron binary.
if (!existsSync(path.join(electronDir, 'path.txt'))) {
  console.log(`Downloading Electron ${electronVersion} (once)...`);
  try {
    execFileSync(process.execPath, [path.join(electronDir, 'install.js')], { stdio: 'inherit', cwd: electronDir });
  } catch {
    fail(
      `could not download Electron ${electronVersion}. This machine may have no internet access; ` +
        'the headless app still works: npm run serve',
    );
  }
}

// 2. better-sqlite3 for Electron's ABI.
const target = path.join(root, 'build', 'electron-native', electronVersion, 'better_sqlite3.node');
if (!existsSync(target)) {
  console.log(`Building better-sqlite3 for Electron ${electronVersion} (once, about a minute)...`);
  const source = path.dirname(require.resolve('better-sqlite3/package.json'));
  const work = path.join(root, 'build', 'electron-native', 'src');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  cpSync(source, work, { recursive: true, filter: (file) => !file.includes(`${path.sep}build${path.sep}`) });
  const nodeGyp = process.env.npm_config_node_gyp ?? require.resolve('node-gyp/bin/node-gyp.js');
  const env = { ...process.env };
  // A user-level nodedir (pointing at Node's headers) would win over --target; Electron's are needed.
  delete env.npm_config_nodedir;
  try {
    execFileSync(
      process.execPath,
      [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers'],
      { cwd: work, stdio: 'inherit', env },
    );
  } catch {
    fail('could not build better-sqlite3 for Electron (it needs Electron\'s headers from the internet and a C++ toolchain)');
  }
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), target);
  rmSync(work, { recursive: true, force: true });
}
