import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listExamples } from '../../../../main/api/examples';
import { parseExperimentFile } from '../../../../shared/experiment-file';
import { repoRoot } from '../../../support/paths';

const examplesDir = path.join(repoRoot, 'resources', 'examples');

describe('the bundled examples offered by "Try an example"', () => {
  const examples = listExamples(examplesDir);

  it('lists the quickstart first, then the others by name', () => {
    expect(examples.map((e) => e.name)).toEqual(['quickstart', 'pytorch-digits', 'unmodified-script']);
  });

  it('each is a valid experiment file named after its folder, with a one-paragraph description from its README', () => {
    for (const example of examples) {
      const parsed = parseExperimentFile(example.yaml);
      if (!parsed.ok) throw new Error(`${example.name}: ${parsed.error.message}`);
      expect(path.basename(path.dirname(example.path))).toBe(example.name);
      // Short enough for the picker, and prose rather than Markdown markup or a heading.
      expect(example.description.length).toBeGreaterThan(40);
      expect(example.description.length).toBeLessThan(240);
      expect(example.description).not.toMatch(/^#|`|\n/);
    }
  });

  it('the PyTorch example says what it needs and promotes with ASHA; the plain script reads its metrics with patterns', () => {
    const byName = new Map(examples.map((e) => [e.name, e]));
    expect(byName.get('pytorch-digits')!.description).toMatch(/PyTorch and\s+scikit-learn/);
    const digits = parseExperimentFile(byName.get('pytorch-digits')!.yaml);
    expect(digits.ok && digits.value).toMatchObject({ policy: { name: 'asha', variant: 'promotion' }, search: { algorithm: 'auto' } });
    expect(digits.ok && digits.value.command.slice(0, 2)).toEqual(['python3', 'train.py']);
    const plain = parseExperimentFile(byName.get('unmodified-script')!.yaml);
    expect(plain.ok && Array.isArray(plain.value.metrics.patterns)).toBe(true);
  });
});
