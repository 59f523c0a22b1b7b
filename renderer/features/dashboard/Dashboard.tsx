import { useEffect } from 'react';
import { useCommands, useExperiment, useExperimentNotes, useExperimentsStatus, useSelectedTrialId, useUiActions } from '../../state/hooks';
import { NotesBox } from '../../ui/NotesBox';
import { Analysis } from './Analysis';
import { DashboardHeader } from './DashboardHeader';
import { GpuUsage } from './GpuUsage';
import { LearningCurves } from './LearningCurves';
import { TrialLogPanel } from './TrialLogPanel';
import { TrialsTable } from './TrialsTable';

export function Dashboard({ experimentId }: { readonly experimentId: number }) {
  const experiment = useExperiment(experimentId);
  const { loaded } = useExperimentsStatus();
  const selectedTrialId = useSelectedTrialId();
  const { loadGpus } = useCommands();
  const notes = useExperimentNotes(experimentId);
  const { setExperimentNotes } = useUiActions();
  // Once per dashboard: the GPU line's status; samples then arrive by push.
  useEffect(() => { loadGpus(); }, [loadGpus]);
  if (experiment === undefined) {
    return (
      <section className="home-hint">
        <h1>{loaded ? 'Experiment not found' : 'Loading…'}</h1>
        {loaded && <p>It may have been deleted. Pick another experiment on the left.</p>}
      </section>
    );
  }
  return (
    <div className="dashboard">
      {notes !== undefined && <NotesBox notes={notes} onDismiss={() => { setExperimentNotes(experimentId, null); }} />}
      <DashboardHeader experiment={experiment} />
      <LearningCurves experiment={experiment} />
      <GpuUsage />
      <TrialsTable experiment={experiment} />
      {selectedTrialId !== null && <TrialLogPanel trialId={selectedTrialId} />}
      {/* After the live parts: the analysis is for looking back over completed trials. */}
      <Analysis experiment={experiment} />
    </div>
  );
}
