import { useEffect, useState } from 'react';
import type { Trial } from '../../../shared/domain';
import { useCommands } from '../../state/hooks';

/**
 * The trial's checkpoint folder and whether a checkpoint is in it, asked again whenever the trial's
 * record changes (a freeze writes one). If the back end cannot tell, the path alone is shown.
 */
export function CheckpointFact({ trial }: { readonly trial: Trial }) {
  const { trialCheckpoint } = useCommands();
  const [exists, setExists] = useState<boolean | null>(null);
  const { id, revision } = trial;
  useEffect(() => {
    let current = true;
    void trialCheckpoint(id).then((reply) => {
      if (current) setExists(reply.ok ? reply.value.exists : null);
    });
    return () => { current = false; };
  }, [id, revision, trialCheckpoint]);
  return (
    <>
      <code className="trial-facts__path" title="TUNDRA_CHECKPOINT_DIR of this trial; kept across freeze and thaw">
        {trial.checkpointDir}
      </code>
      {exists !== null && (
        <span className={`trial-facts__checkpoint${exists ? ' is-present' : ''}`}>
          {exists ? 'A checkpoint is there: thaw resumes from it.' : 'No checkpoint written (yet).'}
        </span>
      )}
    </>
  );
}
