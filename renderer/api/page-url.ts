import { EVENTS_PATH, TOKEN_QUERY } from '../../shared/protocol';

/**
 * The token `tundra serve` prints in its link arrives as `?token=` on the first page load. It is
 * taken out of the address bar (so it does not end up in bookmarks, screenshots or the history) and
 * kept for this tab only.
 */
export function takeTokenFromUrl(href: string): { readonly token: string | null; readonly cleanedHref: string | null } {
  const url = new URL(href);
  const token = url.searchParams.get(TOKEN_QUERY);
  if (token === null) return { token: null, cleanedHref: null };
  url.searchParams.delete(TOKEN_QUERY);
  return { token: token === '' ? null : token, cleanedHref: url.toString() };
}

/** The WebSocket address for pushes: same host, ws: or wss: like the page's http: or https:. */
export function eventsUrl(pageHref: string, token: string | null): string {
  const url = new URL(EVENTS_PATH, pageHref);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.hash = '';
  url.search = '';
  if (token !== null) url.searchParams.set(TOKEN_QUERY, token);
  return url.toString();
}
