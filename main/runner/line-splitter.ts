/**
 * Turns a byte stream into lines, with a cap on line length so a script that prints megabytes
 * without a newline cannot make Tundra buffer without bound.
 */
export const MAX_LINE_BYTES = 1024 * 1024;

export interface SplitLine {
  readonly text: string;
  /** True when the line was longer than the cap and was cut; such a line is log, never a report. */
  readonly truncated: boolean;
  /**
   * Index in the chunk being pushed just past this line's newline: the caller turns it into a file
   * offset (where reading would resume after this line). Absent for the unterminated rest at end().
   */
  readonly endIndex?: number;
}

export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private discarding = false;

  constructor(
    private readonly onLine: (line: SplitLine) => void,
    private readonly maxBytes = MAX_LINE_BYTES,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(0x0a, start);
      const end = newline === -1 ? chunk.length : newline;
      this.append(chunk.subarray(start, end));
      if (newline === -1) break;
      this.emit(newline + 1);
      start = newline + 1;
    }
  }

  /** Emits what is left when the stream ends without a final newline. */
  end(): void {
    if (this.pendingBytes > 0 || this.discarding) this.emit();
  }

  private append(part: Buffer): void {
    if (this.discarding || part.length === 0) return;
    const room = this.maxBytes - this.pendingBytes;
    if (part.length > room) {
      this.pending.push(part.subarray(0, room));
      this.pendingBytes += room;
      this.discarding = true;
      return;
    }
    this.pending.push(part);
    this.pendingBytes += part.length;
  }

  private emit(endIndex?: number): void {
    let text = Buffer.concat(this.pending, this.pendingBytes).toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    const truncated = this.discarding;
    this.pending = [];
    this.pendingBytes = 0;
    this.discarding = false;
    this.onLine(endIndex === undefined ? { text, truncated } : { text, truncated, endIndex });
  }
}
