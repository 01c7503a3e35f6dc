// What a scenario determines of a run (issue 10 §5): job results and abort messages, stage
// attempts with their failure reasons, the attempts of each task index with their end reasons in
// order, and the query's fate, with what Spark leaves to interleaving or to the machine taken out
// of the texts (spec §14): TIDs and map ids (launch order), ports, query and run ids, and the
// stack frames of exceptions Spark itself throws (the scenario's own frames stay).
import type { RunSummary } from '../trace/summary.js';

export interface Outcome {
  status: RunSummary['status'];
  jobs: { jobId: number; result: string; message?: string }[];
  stages: { stageId: number; attemptId: number; status: string; failureReason?: string }[];
  /** "stage.stageAttempt.index" → the end reasons of its attempts, by attempt number. */
  attempts: Record<string, string[]>;
  query?: { status: string; exception?: string; committed: number[]; runs: number };
}

export function outcomeOf(summary: RunSummary): Outcome {
  const attempts: Record<string, { attempt: number; reason: string }[]> = {};
  for (const t of summary.tasks) {
    const key = `${t.stageId}.${t.stageAttemptId}.${t.index}`;
    (attempts[key] ??= []).push({ attempt: t.attempt, reason: t.resubmitted ? `${t.reason}, then Resubmitted` : t.reason });
  }
  const out: Outcome = {
    status: summary.status,
    jobs: summary.jobs.map((j) =>
      j.message === undefined ? { jobId: j.jobId, result: j.result } : { jobId: j.jobId, result: j.result, message: normalizedText(j.message) },
    ),
    stages: summary.stages.map((s) =>
      s.failureReason === undefined
        ? { stageId: s.stageId, attemptId: s.attemptId, status: s.status }
        : { stageId: s.stageId, attemptId: s.attemptId, status: s.status, failureReason: normalizedText(s.failureReason) },
    ),
    attempts: Object.fromEntries(
      Object.keys(attempts)
        .sort(byNumbers)
        .map((k) => [k, attempts[k].sort((a, b) => a.attempt - b.attempt).map((a) => a.reason)]),
    ),
  };
  const q = summary.query;
  if (q !== undefined) {
    out.query = { status: q.status, committed: q.committedBatches ?? q.committedEpochs ?? [], runs: q.runs };
    if (q.exception !== undefined) out.query.exception = normalizedText(q.exception);
  }
  return out;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** Frames printed from code the scenario did not write: Spark's, Scala's, the JDK's, the runner's. */
const MACHINE_FRAME = /^\t+(at (org\.apache\.spark|scala\.|java\.|jdk\.|sun\.|org\.sparkretryharness)\S*|\.\.\. \d+ more|Suppressed: .*)$|^\t\t.*$/;

/** A message with what interleaving and the machine choose replaced by placeholders. */
export function normalizedText(text: string): string {
  return text
    .split('\n')
    .filter((line) => !MACHINE_FRAME.test(line))
    .join('\n')
    .replace(UUID, '<id>')
    .replace(/\(TID \d+\)/g, '(TID <n>)')
    .replace(/shuffle_(\d+)_\d+_(\d+)/g, 'shuffle_$1_<mapId>_$2')
    .replace(/mapId=-?\d+/g, (m) => (m === 'mapId=-1' ? m : 'mapId=<n>'))
    .replace(/BlockManagerId\(([^,]+), ([^,]+), \d+, /g, 'BlockManagerId($1, $2, <port>, ')
    .replace(/ from ([^\s:]+):\d+/g, ' from $1:<port>');
}

function byNumbers(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

/** The fields where two outcomes differ, each as a path with both values. */
export function outcomeDifferences(sim: Outcome, real: Outcome): { field: string; sim: unknown; real: unknown }[] {
  const out: { field: string; sim: unknown; real: unknown }[] = [];
  const visit = (path: string, a: unknown, b: unknown): void => {
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
      for (const k of keys) visit(path === '' ? k : `${path}.${k}`, (a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.some((x) => typeof x === 'object')) {
      a.forEach((x, i) => visit(`${path}[${i}]`, x, b[i]));
      return;
    }
    out.push({ field: path, sim: a, real: b });
  };
  visit('', sim, real);
  return out;
}
