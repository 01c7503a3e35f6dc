// What the reference model predicts, as data: sets of allowed outcomes, never guesses. Texts are
// templates whose holes stand for what depends on interleaving (TIDs) or on seeded ids (query
// ids), so a prediction is exact wherever Spark's semantics are.

/** A part of a message the model cannot know: it matches a family of strings. */
export type Hole =
  | { hole: 'number' } // a (possibly negative) integer: a TID, a port, a runtime id
  | { hole: 'id' } // a query id or runId: no "]", "," or newline
  | { hole: 'frames' } // zero or more printed stack lines, each tab-indented: "\tat …", "\t... n more", a Suppressed section
  | { hole: 'rest' } // any text at all
  | { hole: 'oneOf'; options: string[] };

/** An allowed text: a template (exact when it has no hole), or anything but some patterns. */
export type Text = { kind: 'template'; parts: (string | Hole)[] } | { kind: 'any'; except: { pattern: string; why: string }[] };

export const ANY_TEXT: Text = { kind: 'any', except: [] };

export function exact(s: string): Text {
  return { kind: 'template', parts: [s] };
}

// Message builders take numbers and strings; the model renders them with sentinels and then turns
// each sentinel into a hole, so every literal character comes from the builder itself.
export const TID_SENTINEL = -987_650_001;
export const PORT_SENTINEL = -987_650_002;
export const NUMBER_SENTINEL = -987_650_003;
export const ID_SENTINEL = '\u0000id\u0000';
export const WHERE_SENTINEL = '\u0000where\u0000';
export const FRAMES_SENTINEL = '\u0000frames\u0000';

const SENTINEL_HOLES = new Map<string, Hole | 'where'>([
  [String(TID_SENTINEL), { hole: 'number' }],
  [String(PORT_SENTINEL), { hole: 'number' }],
  [String(NUMBER_SENTINEL), { hole: 'number' }],
  [ID_SENTINEL, { hole: 'id' }],
  [WHERE_SENTINEL, 'where'],
  [FRAMES_SENTINEL, { hole: 'frames' }],
]);
const ANY_SENTINEL = new RegExp([...SENTINEL_HOLES.keys()].map((k) => k.replace(/[-\u0000]/g, (c) => (c === '-' ? '\\-' : '\\u0000'))).join('|'), 'g');

/** Turns the sentinels in `rendered` into holes; `where` is the options for WHERE_SENTINEL. */
export function template(rendered: string, where: string[] = []): Text {
  const parts: (string | Hole)[] = [];
  let last = 0;
  for (const m of rendered.matchAll(ANY_SENTINEL)) {
    if (m.index > last) parts.push(rendered.slice(last, m.index));
    const hole = SENTINEL_HOLES.get(m[0])!;
    parts.push(hole === 'where' ? { hole: 'oneOf', options: where } : hole);
    last = m.index + m[0].length;
  }
  if (last < rendered.length || parts.length === 0) parts.push(rendered.slice(last));
  return { kind: 'template', parts };
}

/** Template `head` followed by `t`; an "anything" text becomes a free tail. */
export function concatText(head: Text, t: Text): Text {
  if (head.kind === 'any') return head;
  return { kind: 'template', parts: [...head.parts, ...(t.kind === 'any' ? [{ hole: 'rest' } as Hole] : t.parts)] };
}

const exceptCache = new Map<string, RegExp>();

/** Whether `s` is one of the strings `t` allows. */
export function textMatches(t: Text, s: string): boolean {
  if (t.kind === 'any') return t.except.every((e) => !exceptRegex(e.pattern).test(s));
  return matchFrom(t.parts, 0, s, 0);
}

function exceptRegex(pattern: string): RegExp {
  let re = exceptCache.get(pattern);
  if (re === undefined) {
    re = new RegExp(pattern);
    exceptCache.set(pattern, re);
  }
  return re;
}

/**
 * Whether parts[i..] match all of s[pos..]. Holes try their longest match first and give back
 * characters on failure, as a regular expression would; templates are short, so this stays cheap
 * and, unlike compiling a RegExp per prediction, allocates nothing.
 */
function matchFrom(parts: readonly (string | Hole)[], i: number, s: string, pos: number): boolean {
  if (i === parts.length) return pos === s.length;
  const p = parts[i];
  if (typeof p === 'string') return s.startsWith(p, pos) && matchFrom(parts, i + 1, s, pos + p.length);
  switch (p.hole) {
    case 'number': {
      const digits = pos < s.length && s[pos] === '-' ? pos + 1 : pos;
      let end = digits;
      while (end < s.length && s.charCodeAt(end) >= 48 && s.charCodeAt(end) <= 57) end++;
      for (let e = end; e > digits; e--) if (matchFrom(parts, i + 1, s, e)) return true;
      return false;
    }
    case 'id': {
      let end = pos;
      while (end < s.length && s[end] !== ']' && s[end] !== ',' && s[end] !== '\n') end++;
      for (let e = end; e > pos; e--) if (matchFrom(parts, i + 1, s, e)) return true;
      return false;
    }
    case 'frames': {
      const ends = [pos];
      let at = pos;
      while (s[at] === '\t') {
        const nl = s.indexOf('\n', at);
        if (nl < 0) break;
        at = nl + 1;
        ends.push(at);
      }
      for (let k = ends.length - 1; k >= 0; k--) if (matchFrom(parts, i + 1, s, ends[k])) return true;
      return false;
    }
    case 'rest': {
      if (i + 1 === parts.length) return true;
      for (let e = s.length; e >= pos; e--) if (matchFrom(parts, i + 1, s, e)) return true;
      return false;
    }
    case 'oneOf':
      return p.options.some((o) => s.startsWith(o, pos) && matchFrom(parts, i + 1, s, pos + o.length));
  }
}

export function renderText(t: Text): string {
  if (t.kind === 'any') return t.except.length === 0 ? '<any text>' : `<any text except: ${t.except.map((e) => e.why).join('; ')}>`;
  return t.parts
    .map((p) => {
      if (typeof p === 'string') return p;
      if (p.hole === 'oneOf') return p.options.length === 1 ? p.options[0] : `<${p.options.join(' | ')}>`;
      return `<${p.hole}>`;
    })
    .join('');
}

// ---- The prediction ----

export type JobOutcome =
  | { result: 'JobSucceeded' }
  | { result: 'JobFailed'; message: Text }
  | { result: 'Running' } // started, never ended: the run did not terminate
  | { result: 'absent' }; // never started: an earlier job did not terminate

export type StageStatus = 'succeeded' | 'failed' | 'skipped' | 'running' | 'absent';

/** The attempts of one task index of one stage attempt, in launch (TID) order. */
export interface PartitionTasks {
  partition: number;
  /** The task index (rank of the partition among the stage attempt's missing ones). */
  index: number;
  /** TaskEnd reason names, attempt 0 first; "Running" for an attempt that never ends. */
  reasons: string[];
  /** toErrorString per attempt where the model knows it exactly, else null. */
  errors: (string | null)[];
  /**
   * exact: these attempts and no others. prefix: the attempts seen are a prefix (possibly empty)
   * and the last one seen may also have been killed (TaskKilled) or left running, because
   * something else ended the stage first.
   */
  mode: 'exact' | 'prefix';
  /** The last reason repeats forever (a partition whose faults never end). */
  repeatsLast: boolean;
  /** TIDs per attempt when determined (a single core), else null. */
  tids: number[] | null;
  /** Where the attempts may run (executor ids), or null for anywhere. */
  executors: string[] | null;
  hosts: string[] | null;
}

export interface StageAttemptPrediction {
  stageId: number;
  attemptId: number;
  statuses: StageStatus[];
  /** When the attempt failed, one of these is its failure reason (null: anything). */
  failureReasons: Text[] | null;
  /** Task attempts per partition, or null when not predicted. */
  tasks: PartitionTasks[] | null;
  /** No task of this stage attempt ran on a partition missing from `tasks`. */
  exhaustiveTasks: boolean;
}

export interface JobPrediction {
  jobId: number;
  /** Where the job comes from, for messages ("job 1", "batch 2 of run 0"). */
  label: string;
  outcomes: JobOutcome[];
  /** The job's stage ids as its JobStart lists them, when known. */
  stageIds: number[] | null;
  stages: StageAttemptPrediction[];
  /** The job's stages have exactly the attempts listed in `stages` (none other). */
  exhaustiveAttempts: boolean;
  /** The same job under the other stage numberings Spark may choose (plan.ts stageNumberings); the run must match one. */
  otherNumberings?: JobPrediction[];
}

export interface QueryPrediction {
  mode: 'microBatch' | 'continuous';
  statuses: ('completed' | 'failed' | 'running')[];
  /** The last run's exception, when it failed: one of these. */
  exceptions: Text[];
  /** Exact committed batches / epochs, or null (then only: contiguous from 0). */
  committed: number[] | null;
  /** Bounds on the number of runs (QueryStarted events). */
  runs: { min: number; max: number };
  /** Committed ids are 0..n-1 for some n (streaming spec MB6 / CP5, G3). */
  contiguous: boolean;
  /**
   * `committed` is the least that commits: more may follow it, in order. A continuous query stopped
   * by its user once its target epoch commits: the stop comes from another thread and the
   * coordinator goes on committing epochs whose messages arrive until the writes stop.
   */
  mayCommitMore?: boolean;
}

export interface Prediction {
  mode: 'batch' | 'microBatch' | 'continuous';
  /** Allowed run statuses. */
  statuses: ('finished' | 'did-not-terminate')[];
  /**
   * The run may stop at a limit (limits.maxEvents / maxTimeMs) before it ends, or may run
   * forever: then a did-not-terminate run is compared as a prefix of the prediction.
   */
  mayBeTruncated: boolean;
  jobs: JobPrediction[];
  /** Jobs with ids beyond the listed ones may exist. */
  moreJobs: boolean;
  query: QueryPrediction | null;
  /** The executor losses of the fault list may take every executor (a stall for want of them is allowed). */
  mayLoseEveryExecutor: boolean;
  /** What the model left open for this scenario, and why. */
  notes: string[];
}
