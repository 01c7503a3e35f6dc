// The listener bus as the simulator sees it: events are appended in posting order, and
// listeners (a streaming driver watching its job) see each event as it is posted.
import type { TraceEvent } from './events.js';

export type Listener = (e: TraceEvent) => void;

export class TraceRecorder {
  readonly events: TraceEvent[] = [];
  private listeners: Listener[] = [];
  private counted = 0;

  post(e: TraceEvent): void {
    this.counted++;
    this.record(e);
  }

  /**
   * A continuous task's per-epoch message to the coordinator: in the trace, but not counted
   * against limits.maxEvents, so that adding them to the trace left every limit's meaning as it was.
   */
  postMessage(e: TraceEvent): void {
    this.record(e);
  }

  private record(e: TraceEvent): void {
    this.events.push(e);
    for (let i = 0; i < this.listeners.length; i++) this.listeners[i](e);
  }

  addListener(l: Listener): void {
    this.listeners.push(l);
  }

  /** Events counted against limits.maxEvents. */
  get size(): number {
    return this.counted;
  }
}
