/** What a trial's row says beyond its raw fields. */

/** Where a trial runs or ran: `GPU 0`, `GPUs 0,1`, `CPU`, or a dash before it first ran. */
export function formatTrialGpus(trial: { readonly gpus: string | null; readonly startedAt: number | null }): string {
  // The back end records '' for a CPU trial on a GPU machine and null on a machine without GPUs
  // (no CUDA_VISIBLE_DEVICES is set there); both mean CPU once the trial has run.
  if (trial.gpus === null) return trial.startedAt === null ? '—' : 'CPU';
  if (trial.gpus === '') return 'CPU';
  return trial.gpus.includes(',') ? `GPUs ${trial.gpus}` : `GPU ${trial.gpus}`;
}

/**
 * The part of a frozen trial's message worth a place in the row: whether thaw resumes or restarts.
 * The badge already says "frozen" and the Last step column says where; the whole message is the
 * tooltip. A message in another shape is shown whole.
 */
export function frozenNote(message: string): string {
  return message.replace(/^frozen (?:at step \d+|before its first report),?\s*/, '');
}
