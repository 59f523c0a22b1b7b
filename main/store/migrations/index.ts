import { initial } from './0001-initial';
import type { Migration } from './migration';

/** Every migration, in order. */
export const MIGRATIONS: readonly Migration[] = [initial];
