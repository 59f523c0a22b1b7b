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

/** Serves a file of the built renderer; refuses anything outside `root`. Returns false if not found. */
export function serveStatic(root: string, urlPath: string, response: ServerResponse, headers: Record<string, string>): boolean {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath === '/' ? '/index.html' : urlPath);
  } catch {
    return false;
  }
  const file = path.resolve(root, `.${relative}`);
  if (file !== root && !file.startsWith(root + path.sep)) return false;
  let size: number;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) return false;
    size = stats.size;
  } catch {
    return false;
  }
  const extension = path.extname(file);
  response.writeHead(200, {
    ...headers,
    'Content-Type': MEDIA_TYPES[extension] ?? 'application/octet-stream',
    'Content-Length': String(size),
    'Cache-Control': extension === '.html' ? 'no-store' : 'no-cache',
  });
  createReadStream(file).pipe(response);
  return true;
}
