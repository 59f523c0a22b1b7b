import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** A validator for a file's current contents: its size and modification time (a rebuild changes both). */
export function fileEtag(size: number, modifiedMs: number): string {
  return `W/"${size.toString(16)}-${Math.floor(modifiedMs).toString(16)}"`;
}

/** Whether an If-None-Match header names `etag` (a list, or `*`). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  // Weak comparison, as RFC 9110 wants for If-None-Match.
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/**
 * Serves a file of the built renderer; refuses anything outside `root`. Returns false if not found.
 * Scripts and styles carry an ETag and `no-cache`: the browser asks again on every load and gets
 * a 304 while the build is unchanged, so it reuses its copy and, for scripts, the code V8 compiled
 * from it (plotly.js is 4.8 MB: a second or more to compile on a slow machine). The page itself is
 * never stored.
 */
export function serveStatic(root: string, urlPath: string, response: ServerResponse, headers: Record<string, string>, ifNoneMatch?: string): boolean {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath === '/' ? '/index.html' : urlPath);
  } catch {
    return false;
  }
  const file = path.resolve(root, `.${relative}`);
  if (file !== root && !file.startsWith(root + path.sep)) return false;
  let size: number;
  let modifiedMs: number;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) return false;
    size = stats.size;
    modifiedMs = stats.mtimeMs;
  } catch {
    return false;
  }
  const extension = path.extname(file);
  if (extension !== '.html') {
    const etag = fileEtag(size, modifiedMs);
    if (matchesEtag(ifNoneMatch, etag)) {
      response.writeHead(304, { ...headers, ETag: etag, 'Cache-Control': 'no-cache' });
      response.end();
      return true;
    }
    headers = { ...headers, ETag: etag };
  }
  response.writeHead(200, {
    ...headers,
    'Content-Type': MEDIA_TYPES[extension] ?? 'application/octet-stream',
    'Content-Length': String(size),
    'Cache-Control': extension === '.html' ? 'no-store' : 'no-cache',
  });
  createReadStream(file).pipe(response);
  return true;
}
