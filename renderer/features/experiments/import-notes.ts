import type { ImportReportItem } from '../../../shared/imports/import-report';
import type { DraftNotes } from '../../state/ui-slice';

/** An import's report as notes above the editor: one line per source field, what happened first. */
export function importNotes(source: string, report: readonly ImportReportItem[]): DraftNotes {
  return {
    title: report.length === 0 ? `Imported from ${source}: everything carried over` : `Imported from ${source}: review what did not carry over exactly`,
    items: report.map((item) => `${item.action} · ${item.field}: ${item.message}`),
  };
}
