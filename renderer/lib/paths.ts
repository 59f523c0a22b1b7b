/**
 * Path helpers for paths on the back end's machine, which may be POSIX or Windows whatever the
 * browser runs on; plain string work, no Node.
 */

/** Whether the path is absolute on POSIX (`/home/me`) or Windows (`C:\runs`, `\\server\share`). */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

/** The folder a file is in: `/a/b/experiment.yaml` -> `/a/b`. */
export function parentFolder(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  if (cut < 0) return '';
  if (cut === 0) return trimmed.slice(0, 1);
  const parent = trimmed.slice(0, cut);
  // Keep the root of a drive as `C:\` rather than `C:`.
  return /^[A-Za-z]:$/.test(parent) ? `${parent}${trimmed.charAt(cut)}` : parent;
}

/**
 * A folder picked in the native dialog, as the experiment file's `workdir`: relative to the base
 * folder when it is inside it (so the file still works when the project moves), else absolute.
 */
export function workdirFor(baseDir: string, chosen: string): string {
  const base = baseDir.trim().replace(/[\\/]+$/, '');
  if (base === '' || !isAbsolutePath(base)) return chosen;
  const folder = chosen.replace(/[\\/]+$/, '');
  if (folder === base) return '.';
  const separator = folder.charAt(base.length);
  if (folder.startsWith(base) && (separator === '/' || separator === '\\')) return folder.slice(base.length + 1).replace(/\\/g, '/');
  return chosen;
}
