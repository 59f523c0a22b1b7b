import { describe, expect, it } from 'vitest';
import { exportBlob } from '../../../../../renderer/features/export/download';

describe('export download body', () => {
  it('holds the content byte for byte and marks a text format as UTF-8', async () => {
    const blob = exportBlob({ fileName: 'best.yaml', mediaType: 'text/yaml', content: 'name: café\nlr: 0.01\n' });
    expect(blob.type).toBe('text/yaml; charset=utf-8');
    expect(await blob.text()).toBe('name: café\nlr: 0.01\n');
  });

  it('keeps a media type that already names its charset, and a non-text one, as the API gave it', () => {
    expect(exportBlob({ fileName: 'a.csv', mediaType: 'text/csv; charset=utf-8', content: '' }).type).toBe('text/csv; charset=utf-8');
    expect(exportBlob({ fileName: 'a.json', mediaType: 'application/json', content: '{}' }).type).toBe('application/json');
  });
});
