import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * better-sqlite3 is a native module, and Electron's ABI differs from Node's. `npm start` builds an
 * Electron copy into build/electron-native/ (scripts/prepare-electron-native.mjs) and leaves
 * node_modules' Node build alone, so `npm test` and `npm start` work in either order.
 * A packaged app has the module rebuilt for Electron by electron-builder and needs no override.
 */
export function electronNativeBinding(appRoot: string, electronVersion: string): string | undefined {
  const candidate = path.join(appRoot, 'build', 'electron-native', electronVersion, 'better_sqlite3.node');
  return existsSync(candidate) ? candidate : undefined;
}
