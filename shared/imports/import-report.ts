/**
 * What an import could not carry over exactly, one item per source field, so a person can review
 * the result before running it.
 * - `dropped`: Tundra has no counterpart; the field is ignored.
 * - `approximated`: carried over as the nearest thing Tundra has; the message says how.
 * - `note`: carried over, but worth knowing (a default chosen, a behaviour that differs).
 */
export const IMPORT_ACTIONS = ['dropped', 'approximated', 'note'] as const;
export type ImportAction = (typeof IMPORT_ACTIONS)[number];

export interface ImportReportItem {
  /** The field in the source, e.g. `parameters.lr.distribution` or `run_cap`. */
  readonly field: string;
  readonly action: ImportAction;
  readonly message: string;
}

/** One line per item: `approximated  parameters.lr.distribution: ...`. */
export function formatImportReport(items: readonly ImportReportItem[]): string[] {
  return items.map((item) => `${item.action.padEnd(12)} ${item.field}: ${item.message}`);
}
