import { z } from 'zod';

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/**
 * A duration in an experiment file: seconds as a number (90), or a number with a unit ("90s",
 * "30m", "2h", "1.5d"). Parsed to seconds.
 */
export const durationSchema = z
  .union([z.number(), z.string()], { error: 'must be a duration: seconds (90) or with a unit ("90s", "30m", "2h", "1d")' })
  .transform((value, ctx) => {
    const seconds = typeof value === 'number' ? value : parseDuration(value);
    if (seconds === null || !Number.isFinite(seconds) || seconds <= 0) {
      ctx.addIssue({ code: 'custom', message: `"${String(value)}" is not a positive duration; write seconds (90) or "90s", "30m", "2h", "1d"` });
      return z.NEVER;
    }
    return seconds;
  });

export function parseDuration(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([smhd])?\s*$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * UNIT_SECONDS[(match[2] ?? 's') as keyof typeof UNIT_SECONDS];
}

/** "1h 5m", "42s": short, for progress lines and the UI. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}
