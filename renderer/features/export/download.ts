import type { ExperimentExport } from '../../../shared/api';

/** The export as a file body; text formats say they are UTF-8 so a browser never guesses. */
export function exportBlob(file: ExperimentExport): Blob {
  const type = file.mediaType.startsWith('text/') && !/charset=/i.test(file.mediaType) ? `${file.mediaType}; charset=utf-8` : file.mediaType;
  return new Blob([file.content], { type });
}

/**
 * Saves the export through the browser's download (in the desktop app Electron asks where).
 * The object URL is revoked on the next tick: the click has started the download by then.
 */
export function downloadExport(file: ExperimentExport): void {
  const url = URL.createObjectURL(exportBlob(file));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => { URL.revokeObjectURL(url); }, 0);
}
