import type { ExperimentOrigin } from '../../shared/domain';

/** Marks an imported experiment: a record to view, compare and export, never to run. */
export function ReadOnlyBadge({ origin }: { readonly origin: ExperimentOrigin }) {
  return (
    <span className="badge badge--imported" title={`Imported from ${origin.source}; read-only`}>
      imported, read-only
    </span>
  );
}
