import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/paths';

// Debian's interpreter is the one with PyTorch on the development machines, so the real
// torch.save/torch.load round trip runs there; elsewhere the first python3 on PATH, where the
// PyTorch tests skip themselves with the reason.
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const TIMEOUT_MS = 60_000;

describe('the Python helper (resources/python/tundra.py)', () => {
  it(
    'passes its unittest suite in test/python',
    () => {
      const result = spawnSync(PYTHON, ['-m', 'unittest', 'discover', '-s', 'test/python', '-v'], {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: TIMEOUT_MS - 5_000,
        // No __pycache__ next to the helper: resources/ is packaged as it is.
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
      });
      // unittest writes its report to stderr; both streams together tell the story of a failure.
      const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
      expect(result.error, `could not run ${PYTHON}: ${String(result.error)}`).toBeUndefined();
      expect(result.status, `${PYTHON} -m unittest discover -s test/python failed:\n${output}`).toBe(0);
    },
    TIMEOUT_MS,
  );
});
