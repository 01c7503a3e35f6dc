// The listener bus as the simulator sees it: events are appended in posting order, and
// listeners (a streaming driver watching its job) see each event as it is posted.
import type { TraceEvent } from './events.js';

export type Listener = (e: TraceEvent) => void;

export class TraceRecorder {
  readonly events: TraceEvent[] = [];
  private listeners: Listener[] = [];

  post(e: TraceEvent): void {
    this.events.push(e);
    for (let i = 0; i < this.listeners.length; i++) this.listeners[i](e);
  }

  addListener(l: Listener): void {
    this.listeners.push(l);
  }

  get size(): number {
    return this.events.length;
  }
}
