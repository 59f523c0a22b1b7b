/**
 * A virtual clock and the queue of what happens next in it: the simulator's stand-in for time
 * passing while trials train. Events at the same time fire in the order they were scheduled.
 */
export interface VirtualEvent {
  readonly time: number;
  readonly sequence: number;
  readonly fire: () => void;
  cancelled: boolean;
}

export class VirtualTime {
  /** Milliseconds since the simulation began. */
  now = 0;
  private sequence = 0;
  private readonly heap: VirtualEvent[] = [];

  schedule(atMs: number, fire: () => void): VirtualEvent {
    const event: VirtualEvent = { time: Math.max(atMs, this.now), sequence: this.sequence++, fire, cancelled: false };
    this.heap.push(event);
    this.siftUp(this.heap.length - 1);
    return event;
  }

  /** The next event not cancelled, with the clock moved to its time; null when none is left. */
  next(): VirtualEvent | null {
    while (this.heap.length > 0) {
      const top = this.heap[0]!;
      const last = this.heap.pop()!;
      if (this.heap.length > 0) {
        this.heap[0] = last;
        this.siftDown(0);
      }
      if (top.cancelled) continue;
      this.now = top.time;
      return top;
    }
    return null;
  }

  private before(a: VirtualEvent, b: VirtualEvent): boolean {
    return a.time < b.time || (a.time === b.time && a.sequence < b.sequence);
  }

  private siftUp(index: number): void {
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(this.heap[index]!, this.heap[parent]!)) return;
      [this.heap[index], this.heap[parent]] = [this.heap[parent]!, this.heap[index]!];
      index = parent;
    }
  }

  private siftDown(index: number): void {
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < this.heap.length && this.before(this.heap[left]!, this.heap[smallest]!)) smallest = left;
      if (right < this.heap.length && this.before(this.heap[right]!, this.heap[smallest]!)) smallest = right;
      if (smallest === index) return;
      [this.heap[index], this.heap[smallest]] = [this.heap[smallest]!, this.heap[index]!];
      index = smallest;
    }
  }
}
