import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ExampleExperiment } from '../../shared/domain';
import { parseExperimentFile } from '../../shared/experiment-file';

/** The bundled examples (resources/examples/NAME/experiment.yaml), for "Try an example". */
export function listExamples(examplesDir: string): ExampleExperiment[] {
  if (!existsSync(examplesDir)) return [];
  const examples: ExampleExperiment[] = [];
  for (const entry of readdirSync(examplesDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const file = path.join(examplesDir, entry.name, 'experiment.yaml');
    if (!existsSync(file)) continue;
    const yaml = readFileSync(file, 'utf8');
    const parsed = parseExperimentFile(yaml);
    examples.push({
      name: parsed.ok ? parsed.value.name : entry.name,
      description: readmeSummary(path.join(examplesDir, entry.name, 'README.md')),
      path: file,
      yaml,
    });
  }
  // The quickstart first: it is the zero-dependency first run.
  return examples.sort((a, b) => Number(b.name === 'quickstart') - Number(a.name === 'quickstart') || a.name.localeCompare(b.name));
}

function readmeSummary(file: string): string {
  if (!existsSync(file)) return '';
  const paragraph = readFileSync(file, 'utf8')
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .find((block) => block !== '' && !block.startsWith('#'));
  return paragraph?.replace(/\s+/g, ' ') ?? '';
}
