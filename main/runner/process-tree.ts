import { spawnSync } from 'node:child_process';

/**
 * Signals a trial's whole process tree. On POSIX every trial leads its own process group
 * (spawned detached), so signalling the negative pid reaches the children a script starts
 * (data-loader workers, a shell wrapper's python). Windows has no groups: taskkill /T walks the
 * tree, and there is no portable suspend, so pause is refused there (see canPause).
 */
export type TreeSignal = 'SIGTERM' | 'SIGKILL' | 'SIGSTOP' | 'SIGCONT';

/** Whether this platform can suspend a process tree in memory (SIGSTOP/SIGCONT). */
export const canPause = process.platform !== 'win32';

export function signalTree(pid: number, signal: TreeSignal): void {
  if (process.platform === 'win32') {
    if (signal === 'SIGSTOP' || signal === 'SIGCONT') throw new Error('pausing a trial is not supported on Windows; freeze it instead');
    const args = ['/pid', String(pid), '/T'];
    if (signal === 'SIGKILL') args.push('/F');
    spawnSync('taskkill', args, { stdio: 'ignore', windowsHide: true });
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch (error) {
    // ESRCH: the group is already gone, which is what we wanted.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Whether any process of the group led by `pid` is still there. */
export function treeAlive(pid: number): boolean {
  if (process.platform === 'win32') {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
