import { createWriteStream, type WriteStream } from 'node:fs';

/** Default cap on each of a trial's log files: enough for any sane run, small enough to survive a flood. */
export const DEFAULT_LOG_CAP_BYTES = 50 * 1024 * 1024;

/**
 * An append-only log file with a size cap. Past the cap a single note is written and further
 * output is counted but dropped, so a script flooding stdout cannot fill the disk.
 */
export class CappedLogFile {
  private readonly stream: WriteStream;
  private written = 0;
  private dropped = 0;

  constructor(
    file: string,
    private readonly capBytes = DEFAULT_LOG_CAP_BYTES,
  ) {
    this.stream = createWriteStream(file, { flags: 'a' });
    // A failing disk must not take the app down; the trial's own exit is what gets reported.
    this.stream.on('error', () => undefined);
  }

  write(chunk: Buffer): void {
    if (this.written >= this.capBytes) {
      this.dropped += chunk.length;
      return;
    }
    const room = this.capBytes - this.written;
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.stream.write(part);
    this.written += part.length;
    if (part.length < chunk.length) {
      this.dropped += chunk.length - part.length;
      this.stream.write(`\n[tundra] log capped at ${this.capBytes} bytes; further output is dropped\n`);
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.dropped > 0) this.stream.write(`[tundra] ${this.dropped} bytes of output were dropped\n`);
      this.stream.end(() => resolve());
    });
  }
}
