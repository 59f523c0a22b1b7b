import { describe, expect, it } from 'vitest';
import { isResultEnvelope, parseEventFrame } from '../../../../renderer/api/envelope';

describe('envelope checks', () => {
  it('accepts result envelopes and refuses other shapes', () => {
    expect(isResultEnvelope({ ok: true, value: [] })).toBe(true);
    expect(isResultEnvelope({ ok: false, error: { code: 'internal', message: 'x' } })).toBe(true);
    expect(isResultEnvelope({ ok: false, error: 'x' })).toBe(false);
    expect(isResultEnvelope({ ok: true })).toBe(false);
    expect(isResultEnvelope('<html>')).toBe(false);
    expect(isResultEnvelope(null)).toBe(false);
  });

  it('parses a push frame and drops malformed items', () => {
    const frame = JSON.stringify({
      event: 'metrics/appended',
      payload: [{ trialId: 1, step: 0, name: 'loss', value: 1, time: 0 }, { trialId: 'x' }, null],
    });
    expect(parseEventFrame(frame)).toEqual({ event: 'metrics/appended', payload: [{ trialId: 1, step: 0, name: 'loss', value: 1, time: 0 }] });
  });

  it('refuses unknown events, non-array payloads and broken JSON', () => {
    expect(parseEventFrame(JSON.stringify({ event: 'trials/deleted', payload: [] }))).toBeNull();
    expect(parseEventFrame(JSON.stringify({ event: 'trials/updated', payload: {} }))).toBeNull();
    expect(parseEventFrame('{"event":')).toBeNull();
  });
});
