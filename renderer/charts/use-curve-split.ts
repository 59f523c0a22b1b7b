import { useRef } from 'react';
import { splitAfterLiveChanges, splitCurves, type CurveSplit, type LearningCurvesInput } from './learning-curves-figure';

type SplitInputs = Pick<LearningCurvesInput, 'trials' | 'series' | 'bestTrialId' | 'webGlAvailable' | 'objectiveMode'>;

/**
 * splitCurves of the chart's trials, carried over from the last render when only live trials
 * moved (splitAfterLiveChanges), so a metrics push costs a pass over the trials without building
 * anything for the finished ones. The same object when nothing it depends on changed.
 */
export function useCurveSplit(inputs: SplitInputs): CurveSplit {
  const cache = useRef<{ readonly inputs: SplitInputs; readonly split: CurveSplit } | null>(null);
  const held = cache.current;
  let split: CurveSplit | null = null;
  if (held !== null && held.inputs.bestTrialId === inputs.bestTrialId && held.inputs.webGlAvailable === inputs.webGlAvailable && held.inputs.objectiveMode === inputs.objectiveMode) {
    split = splitAfterLiveChanges(held.inputs, held.split, inputs);
  }
  split ??= splitCurves(inputs);
  if (held === null || held.split !== split || held.inputs.trials !== inputs.trials || held.inputs.series !== inputs.series) cache.current = { inputs, split };
  return split;
}
