import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const quickstartDir = path.join(repoRoot, 'resources', 'examples', 'quickstart');
export const trainerFixture = path.join(repoRoot, 'test', 'fixtures', 'trainer.py');
/** Checkpoints and resumes through the Python helper. */
export const checkpointingTrainer = path.join(repoRoot, 'test', 'fixtures', 'checkpointing-trainer.py');
/** Prints plain progress lines only (metrics.patterns). */
export const plainPrinter = path.join(repoRoot, 'test', 'fixtures', 'plain-printer.py');

export function tempDir(prefix = 'tundra-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}
