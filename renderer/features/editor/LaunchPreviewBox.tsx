import { useMemo } from 'react';
import { previewLaunch, sampleConfiguration } from '../../../shared/launch-preview';
import { searchSpaceSchema } from '../../../shared/search-space';

interface LaunchPreviewBoxProps {
  readonly command: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly space: unknown;
  readonly workdir: string;
  readonly baseDir: string;
}

/** Placeholders for what only the back end knows, in angle quotes so they cannot pass for a path. */
const TRIAL = { id: 1, number: 1, dir: '‹trial folder›', checkpointDir: '‹trial folder›/checkpoints', helperDir: '‹tundra helper›' } as const;

function workingFolder(baseDir: string, workdir: string): string {
  const base = baseDir.trim() === '' ? '‹base folder›' : baseDir.trim().replace(/[\\/]+$/, '');
  const dir = workdir.trim() === '' || workdir.trim() === '.' ? '' : workdir.trim();
  if (dir.startsWith('/') || /^[A-Za-z]:[\\/]/.test(dir)) return dir;
  return dir === '' ? base : `${base}/${dir}`;
}

/** The exact argv and environment a trial gets, for the default configuration of the space. */
export function LaunchPreviewBox({ command, env, space, workdir, baseDir }: LaunchPreviewBoxProps) {
  const preview = useMemo(() => {
    const parsed = searchSpaceSchema.safeParse(space);
    if (!parsed.success) return null;
    const params = sampleConfiguration(parsed.data);
    return { params, launch: previewLaunch({ command, env }, params, TRIAL) };
  }, [command, env, space]);

  return (
    <section className="launch-preview" aria-labelledby="launch-preview-title">
      <h3 id="launch-preview-title" className="form-subtitle">
        What a trial runs
      </h3>
      {preview === null ? (
        <p className="hint">Fix the search space to see the command a trial gets.</p>
      ) : (
        <>
          <p className="hint">
            For the default configuration{' '}
            <code>{Object.entries(preview.params).map(([name, value]) => `${name}=${String(value)}`).join(' ') || '(no parameters)'}</code>, in{' '}
            <code>{workingFolder(baseDir, workdir)}</code>:
          </p>
          <ol className="launch-preview__argv" aria-label="Trial argv">
            {preview.launch.argv.map((arg, index) => (
              <li key={index}>
                <code>{arg === '' ? '""' : arg}</code>
              </li>
            ))}
          </ol>
          <details className="launch-preview__env">
            <summary>Environment: the file’s env and what Tundra sets ({preview.launch.env.length} variables)</summary>
            <dl aria-label="Trial environment">
              {preview.launch.env.map(([name, value]) => (
                <div key={name} className="launch-preview__var">
                  <dt>{name}</dt>
                  <dd>
                    <code>{value}</code>
                  </dd>
                </div>
              ))}
            </dl>
          </details>
        </>
      )}
    </section>
  );
}
