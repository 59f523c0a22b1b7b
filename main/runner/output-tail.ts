import { closeSync, constants as fsConstants, fstatSync, ftruncateSync, openSync, readSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';

/** Default cap on a trial's log file: enough for any sane run, small enough to survive a flood. */
export const DEFAULT_LOG_CAP_BYTES = 50 * 1024 * 1024;
/** How much of a flooded log's beginning is kept aside (it usually holds the interesting start-up lines). */
const HEAD_KEEP_BYTES = 1024 * 1024;
/**
 * Most bytes read per poll (every 50 ms per trial), so flooding trials cannot hold the event loop:
 * 256 KiB is about 5k report lines, a few milliseconds of parsing, and still 5 MiB/s per trial.
 */
const MAX_BYTES_PER_POLL = 256 * 1024;
const CHUNK_BYTES = 256 * 1024;

export interface TailEvents {
  /** New bytes; `offset` is the file position just after them. */
  onData(chunk: Buffer, offset: number): void;
  /** The file was cut back to empty because it passed the cap; reading goes on from `offset`. */
  onRotated?(droppedBytes: number, offset: number): void;
}

/**
 * Reads a log file that a trial process appends to directly (its stdout or stderr is the file, not
 * a pipe to Tundra), from a byte offset, by polling. Writing to a file rather than a pipe is what
 * lets a trial outlive a crashed Tundra and be re-adopted with nothing lost: the next Tundra reads
 * on from the offset stored with the last metrics it wrote.
 *
 * The cap: the child writes with O_APPEND, so once everything up to the end has been read the file
 * can be truncated to zero under it and the child's next write lands at the new end. The first
 * MiB is copied to `<file>.head` once, before the first truncation. Bytes written between the last
 * read and the truncation are lost; that window is microseconds and only opens during a flood.
 * Where truncating an open file fails (Windows), the cap is not enforced.
 */
export class OutputTail {
  private fd: number;
  private position: number;
  private rotations = 0;
  private capWorks = true;

  constructor(
    private readonly file: string,
    startOffset: number | 'end',
    private readonly events: TailEvents,
    private readonly capBytes = DEFAULT_LOG_CAP_BYTES,
  ) {
    this.fd = openSync(file, fsConstants.O_RDWR | fsConstants.O_APPEND | fsConstants.O_CREAT);
    const size = fstatSync(this.fd).size;
    // A stored offset past the end means the file was cut back after that offset was stored;
    // re-reading from 0 is safe because metric points are upserted by (trial, name, step).
    this.position = startOffset === 'end' ? size : startOffset <= size ? startOffset : 0;
  }

  get offset(): number {
    return this.position;
  }

  /** Reads what is new (up to a per-call limit); returns whether it stopped before the end. */
  poll(maxBytes = MAX_BYTES_PER_POLL): boolean {
    let budget = maxBytes;
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    while (budget > 0) {
      const read = readSync(this.fd, buffer, 0, Math.min(CHUNK_BYTES, budget), this.position);
      if (read === 0) {
        this.enforceCap();
        return false;
      }
      this.position += read;
      budget -= read;
      this.events.onData(Buffer.from(buffer.subarray(0, read)), this.position);
    }
    return true;
  }

  /** Reads to the end, however much that is (after the process has exited). */
  drain(): void {
    while (this.poll()) {
      // keep reading
    }
  }

  close(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    this.fd = -1;
  }

  private enforceCap(): void {
    if (!this.capWorks || this.position < this.capBytes) return;
    try {
      if (this.rotations === 0) {
        const head = Buffer.alloc(Math.min(HEAD_KEEP_BYTES, this.position));
        readSync(this.fd, head, 0, head.length, 0);
        writeFileSync(`${this.file}.head`, head);
      }
      const dropped = this.position;
      ftruncateSync(this.fd, 0);
      this.rotations += 1;
      const note = Buffer.from(
        `[tundra] output passed ${this.capBytes} bytes (${this.rotations}x); earlier output was discarded, its first MiB is in ${path.basename(this.file)}.head\n`,
      );
      writeSync(this.fd, note);
      this.position = note.length;
      this.events.onRotated?.(dropped, this.position);
    } catch {
      this.capWorks = false;
    }
  }
}
