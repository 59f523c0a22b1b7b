import { describe, expect, it } from 'vitest';
import { csvField, formatTrialsCsv } from '../../../../main/exports/trials-csv';
import { experiment, trial } from './fixtures';

/** A small RFC 4180 reader, to check that what is written reads back field for field. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\r' && text[i + 1] === '\n') {
      endField();
      rows.push(row);
      row = [];
      i += 1;
    } else field += c;
  }
  return rows;
}

describe('trials CSV', () => {
  const trials = [
    trial(1, { lr: 1e-12, 'model.hidden': 1024, optimizer: 'sgd', momentum: 0.9, augment: true }, { value: 0.25 }),
    trial(2, { lr: 1e30, 'model.hidden': 1, optimizer: 'say "hi", two\nlines', augment: false }, { state: 'failed', value: null, lastStep: null, message: 'exit code 1: "boom", then\r\nmore' }),
    trial(3, { lr: 0.5, 'model.hidden': 3, optimizer: 'adam w', augment: false }, { state: 'running', endedAt: null }),
  ];
  const text = formatTrialsCsv(experiment(), trials);
  const rows = parseCsv(text);

  it('has one column per parameter in space order, then the result, state, steps and times', () => {
    expect(rows[0]).toEqual(['trial', 'state', 'lr', 'model.hidden', 'optimizer', 'momentum', 'augment', 'val_loss', 'steps', 'started_at', 'ended_at', 'duration_s', 'message']);
    expect(rows).toHaveLength(4);
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('reads back every awkward value exactly (quotes, commas, newlines, tiny and huge floats)', () => {
    expect(rows[1]).toEqual(['1', 'completed', '1e-12', '1024', 'sgd', '0.9', 'true', '0.25', '10', '2026-12-03T08:00:00.000Z', '2026-12-03T08:00:12.500Z', '12.5', '']);
    expect(rows[2]![4]).toBe('say "hi", two\nlines');
    expect(rows[2]![2]).toBe('1e+30');
    expect(rows[2]![12]).toBe('exit code 1: "boom", then\r\nmore');
    expect(Number(rows[2]![2])).toBe(1e30);
  });

  it('leaves a conditional parameter a trial did not have, a missing result and a running end empty', () => {
    expect(rows[2]![5]).toBe('');
    expect(rows[2]![7]).toBe('');
    expect(rows[3]![10]).toBe('');
    expect(rows[3]![11]).toBe('');
  });

  it('quotes only fields with a quote, comma, CR or LF', () => {
    expect(csvField('plain value')).toBe('plain value');
    expect(csvField('a"b')).toBe('"a""b"');
  });

  it('keeps a parameter named like a fixed column under a prefix', () => {
    const clash = experiment();
    const spec = { ...clash.spec, space: { ...clash.spec.space, state: { type: 'categorical' as const, choices: ['x'] } } };
    const header = parseCsv(formatTrialsCsv({ spec }, [trial(1, { state: 'x' })]))[0]!;
    expect(header).toContain('param.state');
    expect(header.filter((name) => name === 'state')).toHaveLength(1);
  });
});
