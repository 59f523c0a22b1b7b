import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { tokenCookieName, TOKEN_QUERY } from '../../shared/protocol';

/** One CSP for the desktop app (meta tag) and `serve` (header), so browser tests catch violations. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Plotly injects <style> elements at run time; nothing else needs inline styles.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

/**
 * The Host check defeats DNS rebinding (a page on evil.example resolving to 127.0.0.1); the Origin
 * check defeats other local pages calling us. Browsers always send Origin on WebSocket upgrades
 * and on cross-origin POSTs; tools like curl send none, and those still need the token.
 */
export function checkHostAndOrigin(request: IncomingMessage, port: number): string | null {
  const hosts = allowedHosts(port);
  const host = request.headers.host ?? '';
  if (!hosts.has(host)) return `Host "${host}" is not allowed; open the address tundra serve printed (http://127.0.0.1:${port}/)`;
  const origin = request.headers.origin;
  if (origin === undefined) return null;
  let originHost = '';
  try {
    const url = new URL(origin);
    if (url.protocol === 'http:') originHost = url.host;
  } catch {
    // "null" (sandboxed frames, file://) and garbage: not ours.
  }
  if (!hosts.has(originHost)) return `Origin "${origin}" is not allowed`;
  return null;
}

function sameToken(candidate: string | undefined, token: string): boolean {
  if (!candidate) return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function cookieValue(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export type TokenSource = 'header' | 'cookie' | 'query' | null;

/** Which presented credential matched, if any: the header, the cookie set earlier, or `?token=`. */
export function authenticate(request: IncomingMessage, url: URL, token: string, port: number): TokenSource {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ') && sameToken(header.slice('Bearer '.length).trim(), token)) return 'header';
  if (sameToken(cookieValue(request, tokenCookieName(port)), token)) return 'cookie';
  if (sameToken(url.searchParams.get(TOKEN_QUERY) ?? undefined, token)) return 'query';
  return null;
}
