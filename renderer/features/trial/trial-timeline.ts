import type { TrialEvent } from '../../../shared/api';
import { isTrialFinished, type Trial } from '../../../shared/domain';

/** What a line of the trial's timeline stands for; it picks the marker's colour. */
export type TimelineKind = 'queued' | 'started' | 'paused' | 'resumed' | 'freezing' | 'frozen' | 'thawed' | 'exited' | 'warning' | 'note';

export interface TimelineEntry {
  readonly time: number;
  readonly kind: TimelineKind;
  /** One or two words: `queued`, `started`, `exit code 0`. */
  readonly label: string;
  /** The rest, in words; empty when the label says it all. */
  readonly detail: string;
}

/**
 * The scheduler's trial events are sentences (`trial 3 paused (its GPU memory stays held)`); these
 * patterns read the kind back out of them. A stored event kind per transition would be sturdier;
 * until then an unrecognised sentence is still shown, as a note.
 */
const PATTERNS: readonly { readonly pattern: RegExp; readonly kind: TimelineKind }[] = [
  { pattern: /^trial \d+ queued\b/, kind: 'queued' },
  { pattern: /^trial \d+ thawed\b/, kind: 'thawed' },
  { pattern: /^trial \d+ freezing\b/, kind: 'freezing' },
  { pattern: /^trial \d+ (?:paused|re-adopted)\b/, kind: 'paused' },
  { pattern: /^trial \d+ resumed\b/, kind: 'resumed' },
  { pattern: /^trial \d+ frozen\b/, kind: 'frozen' },
  { pattern: /^trial \d+ (?:completed|failed|stopped|interrupted)\b/, kind: 'exited' },
];

function classify(event: TrialEvent): TimelineKind {
  if (event.kind === 'warning') return 'warning';
  for (const { pattern, kind } of PATTERNS) if (pattern.test(event.message)) return kind;
  return 'note';
}

/** `trial 3 paused (its GPU memory stays held)` -> `its GPU memory stays held`. */
function detailOf(message: string, kind: TimelineKind): string {
  if (kind === 'warning' || kind === 'note') return message;
  const rest = message.replace(/^trial \d+ [a-z-]+\s*/, '').replace(/^:\s*/, '');
  return rest.replace(/^\((.*)\)$/, '$1');
}

/**
 * The trial's life in time order: when it was queued and started (from its record; the scheduler
 * stores no event for those), what the stored events say (pauses, freezes, thaws, warnings, each
 * process's end) and, for a finished trial, its exit code on its last line.
 */
export function buildTrialTimeline(trial: Trial, events: readonly TrialEvent[]): TimelineEntry[] {
  const stored = events.map((event): TimelineEntry => {
    const kind = classify(event);
    const label = kind === 'exited' ? (/^trial \d+ ([a-z]+)/.exec(event.message)?.[1] ?? 'exited') : kind === 'note' ? 'event' : kind;
    return { time: event.time, kind, label, detail: detailOf(event.message, kind) };
  });
  const entries: TimelineEntry[] = [];
  // A retry's or clone's own `queued` event says more (what it re-runs) than its creation time.
  if (!stored.some((entry) => entry.kind === 'queued')) entries.push({ time: trial.createdAt, kind: 'queued', label: 'queued', detail: '' });
  if (trial.startedAt !== null) entries.push({ time: trial.startedAt, kind: 'started', label: 'started', detail: '' });
  entries.push(...stored);
  // Stable: at equal times the record's entries (queued, started) stay before stored ones.
  entries.sort((a, b) => a.time - b.time);

  // The record's exit code is its last process's: it goes on the line of that process's end.
  const ended = trial.state === 'frozen' || isTrialFinished(trial.state);
  if (ended && trial.endedAt !== null) {
    const exit = trial.exitCode === null ? 'no exit code' : `exit code ${trial.exitCode}`;
    const last = findLastIndex(entries, (entry) => entry.kind === 'exited' || entry.kind === 'frozen');
    const lastEntry = entries[last];
    if (lastEntry !== undefined) entries[last] = { ...lastEntry, label: `${lastEntry.label} · ${exit}` };
    else entries.push({ time: trial.endedAt, kind: trial.state === 'frozen' ? 'frozen' : 'exited', label: `${trial.state} · ${exit}`, detail: trial.message ?? '' });
  }
  return entries;
}

function findLastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let index = items.length - 1; index >= 0; index -= 1) if (test(items[index] as T)) return index;
  return -1;
}
