import { initial } from './0001-initial';
import { trialControl } from './0002-trial-control';
import { importedExperiments } from './0003-imported-experiments';
import { stoppedEarly } from './0004-stopped-early';
import type { Migration } from './migration';

/** Every migration, in order. */
export const MIGRATIONS: readonly Migration[] = [initial, trialControl, importedExperiments, stoppedEarly];
