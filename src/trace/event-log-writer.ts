// Writes a trace as a Spark event log: one JSON object per line, in posting order. The write is
// atomic (temp file + rename), so an interrupted run never leaves half a log behind. The first
// line, Spark's LogStart, carries one field Spark does not write ("Written By", ignored by Spark's
// replay), so `srh run --eventlog` knows its own earlier outputs from other files it must not
// replace (src/cli/output-guard.ts).
import { writeChunksAtomic } from '../fs/atomic-write.js';
import type { TraceEvent } from './events.js';

export const WRITTEN_BY_FIELD = 'Written By';
export const WRITTEN_BY = 'spark-retry-harness';

/** One event as a log line; the log's first event, a LogStart, is marked as ours. */
function lineOf(e: TraceEvent, first: boolean): string {
  const marked = first && e.Event === 'SparkListenerLogStart' ? { ...e, [WRITTEN_BY_FIELD]: WRITTEN_BY } : e;
  return JSON.stringify(marked) + '\n';
}

export function eventLogText(events: readonly TraceEvent[]): string {
  let out = '';
  events.forEach((e, i) => (out += lineOf(e, i === 0)));
  return out;
}

/** The log in chunks of about 1 MB: a long run's log can exceed the longest string. */
function* eventLogChunks(events: readonly TraceEvent[]): Generator<string> {
  let chunk = '';
  let first = true;
  for (const e of events) {
    chunk += lineOf(e, first);
    first = false;
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
