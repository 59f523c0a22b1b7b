import { initial } from './0001-initial';
import { trialControl } from './0002-trial-control';
import type { Migration } from './migration';

/** Every migration, in order. */
export const MIGRATIONS: readonly Migration[] = [initial, trialControl];
