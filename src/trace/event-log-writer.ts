// Writes a trace as a Spark event log: one JSON object per line, in posting order. The write is
// atomic (temp file + rename), so an interrupted run never leaves half a log behind.
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { TraceEvent } from './events.js';

export function eventLogText(events: readonly TraceEvent[]): string {
  let out = '';
  for (const e of events) out += JSON.stringify(e) + '\n';
  return out;
}

export function writeEventLog(path: string, events: readonly TraceEvent[]): void {
  writeFileAtomic(path, eventLogText(events));
}
