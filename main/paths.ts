import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const APP_FOLDER_NAME = 'Tundra';
export const DATABASE_FILE_NAME = 'tundra.db';

/**
 * The per-user data folder, the same one Electron's app.getPath('userData') gives for our product
 * name, so the desktop app and the CLI share one database by default.
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  switch (platform) {
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_FOLDER_NAME);
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', APP_FOLDER_NAME);
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_FOLDER_NAME);
  }
}

/** `--db` beats `TUNDRA_DB` beats the per-user default. */
export function resolveDatabasePath(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return path.resolve(explicit);
  if (env.TUNDRA_DB) return path.resolve(env.TUNDRA_DB);
  return path.join(userDataDir(env), DATABASE_FILE_NAME);
}

/** Trial run folders live beside the database they belong to. */
export function runsDirFor(databaseFile: string): string {
  if (databaseFile === ':memory:') return path.join(os.tmpdir(), 'tundra-runs');
  return path.join(path.dirname(databaseFile), `${path.basename(databaseFile, path.extname(databaseFile))}-runs`);
}

/**
 * Where resources/ is: beside dist/ in a checkout, or in the packaged app's resources folder
 * (electron-builder's extraResources). Bundled code runs from dist/main/, hence the walk up.
 */
export function resourcesDir(): string {
  const packaged = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  const candidates = [
    ...(packaged ? [path.join(packaged, 'resources')] : []),
    path.resolve(__dirname, '..', '..', 'resources'),
    path.resolve(__dirname, '..', 'resources'),
    path.resolve(process.cwd(), 'resources'),
  ];
  return candidates.find((candidate) => existsSync(path.join(candidate, 'python', 'tundra.py'))) ?? candidates[0]!;
}

/** The folder that holds the zero-dependency Python helper; put on every trial's PYTHONPATH. */
export function pythonHelperDir(): string {
  return path.join(resourcesDir(), 'python');
}

export function examplesDir(): string {
  return path.join(resourcesDir(), 'examples');
}
