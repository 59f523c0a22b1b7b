import { spawnSync } from 'node:child_process';

/**
 * Signals a trial's whole process tree. On POSIX every trial leads its own process group
 * (spawned detached), so signalling the negative pid reaches the children a script starts
 * (data-loader workers, a shell wrapper's python). Windows has no groups: taskkill /T walks the tree.
 */
export type TreeSignal = 'SIGTERM' | 'SIGKILL';

export function signalTree(pid: number, signal: TreeSignal): void {
  if (process.platform === 'win32') {
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
