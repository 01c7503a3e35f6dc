// What the reference model predicts, as data: sets of allowed outcomes, never guesses. Texts are
// templates whose holes stand for what depends on interleaving (TIDs) or on seeded ids (query
// ids), so a prediction is exact wherever Spark's semantics are.

/** A part of a message the model cannot know: it matches a family of strings. */
export type Hole =
  | { hole: 'number' } // a (possibly negative) integer: a TID, a port, a runtime id
  | { hole: 'id' } // a query id or runId: no "]", "," or newline
  | { hole: 'frames' } // zero or more printed stack frames "\tat …\n"
  | { hole: 'rest' } // any text at all
  | { hole: 'oneOf'; options: string[] };

/** An allowed text: a template (exact when it has no hole), or anything but some patterns. */
export type Text =
  | { kind: 'template'; parts: (string | Hole)[] }
  | { kind: 'any'; except: { pattern: string; why: string }[] };

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

/** Turns the sentinels in `rendered` into holes; `where` is the options for WHERE_SENTINEL. */
export function template(rendered: string, where: string[] = []): Text {
  const holes: [string, Hole][] = [
    [String(TID_SENTINEL), { hole: 'number' }],
    [String(PORT_SENTINEL), { hole: 'number' }],
    [String(NUMBER_SENTINEL), { hole: 'number' }],
    [ID_SENTINEL, { hole: 'id' }],
    [WHERE_SENTINEL, { hole: 'oneOf', options: where }],
    [FRAMES_SENTINEL, { hole: 'frames' }],
  ];
  let parts: (string | Hole)[] = [rendered];
  for (const [sentinel, hole] of holes) {
    parts = parts.flatMap((p) => {
      if (typeof p !== 'string' || !p.includes(sentinel)) return [p];
      const out: (string | Hole)[] = [];
      p.split(sentinel).forEach((lit, i) => {
        if (i > 0) out.push(hole);
        if (lit !== '') out.push(lit);
      });
      return out;
    });
  }
  return { kind: 'template', parts };
}

/** Template `head` followed by `t`; an "anything" text becomes a free tail. */
export function concatText(head: Text, t: Text): Text {
  if (head.kind === 'any') return head;
  return { kind: 'template', parts: [...head.parts, ...(t.kind === 'any' ? [{ hole: 'rest' } as Hole] : t.parts)] };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function holeRegex(h: Hole): string {
  switch (h.hole) {
    case 'number':
      return '-?\\d+';
    case 'id':
      return '[^\\],\\n]+';
    case 'frames':
      return '(?:\\tat [^\\n]*\\n)*';
    case 'rest':
      return '[\\s\\S]*';
    case 'oneOf':
      return `(?:${h.options.map(escapeRegex).join('|')})`;
  }
}

const regexCache = new WeakMap<Text, RegExp>();

export function textMatches(t: Text, s: string): boolean {
  if (t.kind === 'any') return t.except.every((e) => !new RegExp(e.pattern).test(s));
  let re = regexCache.get(t);
  if (re === undefined) {
    re = new RegExp('^' + t.parts.map((p) => (typeof p === 'string' ? escapeRegex(p) : holeRegex(p))).join('') + '$');
    regexCache.set(t, re);
  }
  return re.test(s);
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
  /** What the model left open for this scenario, and why. */
  notes: string[];
}
