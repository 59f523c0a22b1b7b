import type { ExperimentSource } from '../../../shared/api';
import type { FieldIssue, Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import { isAbsolutePath } from '../../lib/paths';
import type { ExperimentDraft } from '../../state/ui-slice';

/**
 * Which source the form describes. A path on the back end's machine, when given, wins over the
 * text: the form says so next to the field, and it is the more deliberate of the two inputs.
 */
export function draftSourceKind(draft: ExperimentDraft): ExperimentSource['kind'] {
  return draft.path.trim() !== '' ? 'path' : 'text';
}

/** The `experiments/create` source for the form, or the problems to fix first (checked here so
 * the user gets a sentence about the field instead of a schema error). */
export function sourceFromDraft(draft: ExperimentDraft): Result<ExperimentSource> {
  if (draftSourceKind(draft) === 'path') {
    const path = draft.path.trim();
    if (!isAbsolutePath(path)) {
      return fail('invalid-arguments', 'The experiment file path must be absolute.', [
        { path: 'Experiment file path', message: 'must be an absolute path on the machine that runs Tundra' },
      ]);
    }
    return ok({ kind: 'path', path });
  }
  const issues: FieldIssue[] = [];
  if (draft.yaml.trim() === '') issues.push({ path: 'Experiment file (YAML)', message: 'paste an experiment file, pick an example, or give a file path' });
  const baseDir = draft.baseDir.trim();
  if (baseDir === '') issues.push({ path: 'Base folder', message: 'is required: the folder that workdir and relative paths start from' });
  else if (!isAbsolutePath(baseDir)) issues.push({ path: 'Base folder', message: 'must be an absolute path, e.g. /home/you/project' });
  if (issues.length > 0) return fail('invalid-arguments', issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n'), issues);
  return ok({ kind: 'text', yaml: draft.yaml, baseDir });
}
