// Writes a trace's events as they are, one JSON object per line, in posting order: a real run's
// log as Spark wrote it (`srh run --backend spark --eventlog`), or a simulated trace's own text
// (determinism checks). A simulated run's log for Spark's tools is spark-log-writer.ts's. The
// write is atomic (temp file + rename), so an interrupted run never leaves half a log behind.
import { writeChunksAtomic } from '../fs/atomic-write.js';
import type { TraceEvent } from './events.js';

export function eventLogText(events: readonly TraceEvent[]): string {
  let out = '';
  for (const e of events) out += JSON.stringify(e) + '\n';
  return out;
}

/** The log in chunks of about 1 MB: a long run's log can exceed the longest string. */
function* eventLogChunks(events: readonly TraceEvent[]): Generator<string> {
  let chunk = '';
  for (const e of events) {
    chunk += JSON.stringify(e) + '\n';
    if (chunk.length >= 1 << 20) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

export function writeEventLog(path: string, events: readonly TraceEvent[]): void {
  writeChunksAtomic(path, eventLogChunks(events));
}
