import { describe, expect, it } from 'vitest';
import { eventsUrl, takeTokenFromUrl } from '../../../../renderer/api/page-url';

describe('page address', () => {
  it('takes the token out of the address and keeps the rest', () => {
    expect(takeTokenFromUrl('http://127.0.0.1:7788/?token=abc&x=1#/experiments/2')).toEqual({
      token: 'abc',
      cleanedHref: 'http://127.0.0.1:7788/?x=1#/experiments/2',
    });
  });

  it('leaves an address without a token alone', () => {
    expect(takeTokenFromUrl('http://127.0.0.1:7788/')).toEqual({ token: null, cleanedHref: null });
  });

  it('builds the events address with ws: or wss: like the page', () => {
    expect(eventsUrl('http://localhost:7788/index.html?x=1#/new', null)).toBe('ws://localhost:7788/api/events');
    expect(eventsUrl('https://box.example:443/', 't k')).toBe('wss://box.example/api/events?token=t+k');
  });
});
