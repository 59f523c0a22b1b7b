import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * A process is identified by its pid and its start time: pids are reused, so a pid alone could
 * make Tundra "re-adopt" (and later signal) some unrelated process that got the same number.
 * Returns null when the process does not exist or its start time cannot be read.
 */
export function processStartTime(pid: number): string | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  if (process.platform === 'linux') {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Field 2 (comm) may contain spaces and parentheses; the fields after the last ')' are fixed.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // Fields 3.. follow comm; starttime is field 22, i.e. index 19 here.
      return fields[19] ?? null;
    } catch {
      return null;
    }
  }
  if (process.platform === 'win32') return null;
  try {
    const text = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return text === '' ? null : text;
  } catch {
    return null;
  }
}

/** Whether the process with this pid is the same one that was recorded (alive, same start time). */
export function isSameProcessAlive(pid: number, startTime: string | null): boolean {
  if (startTime === null) return false;
  const now = processStartTime(pid);
  if (now === null || now !== startTime) return false;
  // A zombie still has /proc/<pid>/stat; its state field says so.
  if (process.platform === 'linux') {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
      if (state === 'Z' || state === 'X') return false;
    } catch {
      return false;
    }
  }
  return true;
}
