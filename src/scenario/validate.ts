// Validation of the scenario format v1 (ARCHITECTURE §3): untrusted JSON in, either the typed,
// normalized Scenario or one clear error per problem, each naming the JSON path and the fix.
// Structure is checked by the zod schemas (schema.ts), section by section; what a schema cannot
// say (the RDD graph, ids, what Spark would reject) is checked here.
import type { z } from 'zod';
import { readRegularFile } from './input-file.js';
import { parseMaster } from './master.js';
import { ClusterSchema, ExecutorLostSchema, TaskFaultSchema, TopLevelSchema, WorkloadSchema } from './schema.js';
import { shuffleIds } from './shuffles.js';
import { duplicateKeyMessage, parseStrictJson } from './strict-json.js';
import {
  DEFAULT_LIMITS,
  DEFAULT_RECORDS_PER_BATCH,
  DEFAULT_RECORDS_PER_SECOND,
  DEFAULT_TASK_DURATION_MS,
  type ClusterSpec,
  type Fault,
  type InjectedReason,
  type RddSpec,
  type Scenario,
  type SparkConf,
  type StackFrame,
  type TaskSelector,
  type Workload,
} from './types.js';

export interface ScenarioError {
  /** JSON path, like `faults[2].fail.reason`; "" for the document itself. */
  path: string;
  message: string;
}

export type ValidationResult = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

type Path = readonly (string | number)[];

export function formatPath(path: Path): string {
  let s = '';
  for (const seg of path) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(seg)) s += s === '' ? seg : `.${seg}`;
    else s += `[${JSON.stringify(seg)}]`;
  }
  return s;
}

export function formatScenarioError(file: string, e: ScenarioError): string {
  return e.path === '' ? `${file}: ${e.message}` : `${file}: ${e.path}: ${e.message}`;
}

/**
 * Reads and validates a scenario file: a regular file only (input-file.ts), strict JSON with no
 * duplicate key (strict-json.ts), then the format.
 */
export function loadScenarioFile(file: string): ValidationResult {
  const read = readRegularFile(file);
  if (!read.ok) return { ok: false, errors: [{ path: '', message: `cannot read the scenario (${read.why}); give the path of a scenario JSON file` }] };
  const parsed = parseStrictJson(read.text);
  if ('syntax' in parsed)
    return {
      ok: false,
      errors: [{ path: '', message: `not valid JSON (${jsonErrorWhere(read.text.replace(/^\uFEFF/, ''), parsed.syntax)}); fix the syntax` }],
    };
  if ('duplicate' in parsed) return { ok: false, errors: [{ path: formatPath(parsed.duplicate.path), message: duplicateKeyMessage(parsed.duplicate) }] };
  return validateScenario(parsed.value);
}

function jsonErrorWhere(text: string, e: Error): string {
  const m = /position (\d+)/.exec(e.message);
  // Without a position, V8 quotes the text itself, newlines and all: keep the one-line part.
  if (m === null) return e.message.replace(/, ".*" is not valid JSON$/s, '').replace(/\s+/g, ' ');
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `${e.message.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${column}`;
}

// ---------------------------------------------------------------- zod issues → friendly errors

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number') return Number.isInteger(v) ? `the integer ${v}` : `the number ${v}`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  if (typeof v === 'boolean') return `${v}`;
  if (v === undefined) return 'nothing';
  return 'an object';
}

function valueAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

interface ZodDefLike {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  values?: unknown[];
}

function defOf(s: z.ZodType): ZodDefLike {
  return (s as unknown as { _zod: { def: ZodDefLike } })._zod.def;
}

/** The object keys a schema accepts at `path` (for "did you mean" hints). */
function knownKeysAt(schema: z.ZodType, path: Path, input: unknown): string[] {
  let s: z.ZodType | undefined = schema;
  let value: unknown = input;
  const walk = (seg: string | number | null): void => {
    for (;;) {
      if (s === undefined) return;
      const d = defOf(s);
      if (d.innerType) {
        s = d.innerType;
        continue;
      }
      if (d.type === 'union' && d.options && d.discriminator) {
        const want = (value as Record<string, unknown> | undefined)?.[d.discriminator];
        s = d.options.find((o) => defOf(defOf(o).shape![d.discriminator!]).values?.includes(want));
        continue;
      }
      break;
    }
    if (seg === null || s === undefined) return;
    const d = defOf(s);
    if (d.type === 'object') s = d.shape?.[seg as string];
    else if (d.type === 'array') s = d.element;
    else s = undefined;
    value = (value as Record<string | number, unknown> | undefined)?.[seg];
  };
  for (const seg of path) walk(seg);
  walk(null);
  if (s === undefined) return [];
  const d = defOf(s);
  return d.type === 'object' && d.shape ? Object.keys(d.shape) : [];
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}

function suggestion(word: string, candidates: readonly string[]): string {
  let best: string | null = null;
  let bestD = 3;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best === null ? '' : `; did you mean "${best}"?`;
}

const WHAT: Record<string, string> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
};

/** What to add for a missing top-level section. */
const SECTION_EXAMPLE: Record<string, string> = {
  cluster: 'a cluster, e.g. "cluster": {"master": "local[2]"}',
  workload: 'a workload, e.g. "workload": {"mode": "batch", "rdds": [{"id": 0, "partitions": 2}], "jobs": [{"rdd": 0}]}',
};

interface ZodIssueLike {
  code: string;
  path: (string | number)[];
  expected?: string;
  values?: unknown[];
  keys?: string[];
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  origin?: string;
  options?: unknown[];
  discriminator?: string;
  note?: string;
  message: string;
}

function issueErrors(issue: ZodIssueLike, schema: z.ZodType, input: unknown, base: Path): ScenarioError[] {
  const path = [...base, ...issue.path];
  const at = (p: Path) => formatPath(p);
  const actual = valueAt(input, issue.path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(schema, issue.path, input);
      return (issue.keys ?? []).map((k) => ({
        path: at(path),
        message: `unknown key "${k}"${known.length ? `; expected one of ${known.join(', ')}` : ''}${suggestion(k, known)}`,
      }));
    }
    case 'invalid_type': {
      // A required section whose content is checked on its own reports as "nonoptional".
      const key = String(issue.path.at(-1) ?? '');
      const want = (issue.expected === 'nonoptional' ? SECTION_EXAMPLE[key] : WHAT[issue.expected ?? '']) ?? 'a value';
      if (actual === undefined) return [{ path: at(path), message: `missing; add ${want}` }];
      return [{ path: at(path), message: `expected ${want}, got ${typeName(actual)}` }];
    }
    case 'invalid_value': {
      const field = String(issue.path.at(-1) ?? 'value');
      const opts = (issue.values ?? []).map(String);
      return [{ path: at(path), message: `unknown ${field} ${JSON.stringify(actual)}; expected one of ${opts.join(', ')}${suggestion(String(actual), opts)}` }];
    }
    case 'invalid_union': {
      if (issue.discriminator !== undefined) {
        const opts = (issue.options ?? []).map(String);
        const d = issue.discriminator;
        if (actual === undefined) return [{ path: at(path), message: `missing "${d}"; expected one of ${opts.join(', ')}` }];
        return [{ path: at(path), message: `unknown ${d} ${JSON.stringify(actual)}; expected one of ${opts.join(', ')}${suggestion(String(actual), opts)}` }];
      }
      return [{ path: at(path), message: 'does not match any accepted form' }];
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'array') return [{ path: at(path), message: `needs at least ${min} entr${min === 1 ? 'y' : 'ies'}` }];
      if (issue.origin === 'string') return [{ path: at(path), message: 'must not be empty' }];
      return [{ path: at(path), message: `must be ${issue.inclusive === false ? '>' : '>='} ${min}, got ${typeName(actual)}` }];
    }
    case 'too_big':
      if (issue.origin === 'array')
        return [
          { path: at(path), message: `has ${Array.isArray(actual) ? actual.length : 'too many'} entries; at most ${Number(issue.maximum)} are supported` },
        ];
      return [{ path: at(path), message: `must be ${issue.inclusive === false ? '<' : '<='} ${Number(issue.maximum)}, got ${typeName(actual)}` }];
    default:
      return [{ path: at(path), message: issue.message }];
  }
}

function parse<T extends z.ZodType>(schema: T, input: unknown, base: Path, errors: ScenarioError[]): z.output<T> | null {
  const r = schema.safeParse(input);
  if (r.success) return r.data as z.output<T>;
  for (const issue of r.error.issues) errors.push(...issueErrors(issue as unknown as ZodIssueLike, schema, input, base));
  return null;
}

// ---------------------------------------------------------------- the scenario

export function validateScenario(input: unknown): ValidationResult {
  const errors: ScenarioError[] = [];
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, errors: [{ path: '', message: `a scenario is a JSON object, got ${typeName(input)}` }] };
  }
  const raw = input as Record<string, unknown>;
  if (raw.scenario !== 1) {
    const message =
      raw.scenario === undefined
        ? 'missing; add "scenario": 1 (the format version)'
        : `unsupported scenario format version ${JSON.stringify(raw.scenario)}; this harness reads version 1`;
    errors.push({ path: 'scenario', message });
  }
  const top = parse(TopLevelSchema, raw, [], errors);
  const cluster = raw.cluster === undefined ? null : parseCluster(raw.cluster, errors);
  const conf = parseConf(raw.conf, errors);
  const workload = raw.workload === undefined ? null : parseWorkload(raw.workload, errors);
  const faults = cluster && workload ? parseFaults(raw.faults, cluster, workload, errors) : null;
  if (errors.length > 0 || !top || !cluster || !conf || !workload || !faults) return { ok: false, errors };
  const scenario: Scenario = {
    scenario: 1,
    seed: top.seed,
    cluster,
    conf,
    workload,
    faults,
    taskDurationMs: top.taskDurationMs ?? DEFAULT_TASK_DURATION_MS,
    taskDurationJitter: top.taskDurationJitter ?? 0,
    limits: { ...DEFAULT_LIMITS, ...top.limits },
  };
  if (top.name !== undefined) scenario.name = top.name;
  if (top.startTimeMs !== undefined) scenario.startTimeMs = top.startTimeMs;
  return { ok: true, scenario };
}

function parseCluster(input: unknown, errors: ScenarioError[]): ClusterSpec | null {
  const c = parse(ClusterSchema, input, ['cluster'], errors);
  if (c === null) return null;
  const master = parseMaster(c.master);
  if ('error' in master) {
    errors.push({ path: 'cluster.master', message: master.error });
    return null;
  }
  const executors = c.executors ?? [];
  const before = errors.length;
  if (master.kind === 'local' && c.executors !== undefined) {
    errors.push({
      path: 'cluster.executors',
      message: `executors are only for master "cluster"; local mode runs one "driver" executor (remove "executors" or use "cluster")`,
    });
  }
  if (master.kind === 'cluster' && executors.length === 0) {
    errors.push({ path: 'cluster.executors', message: 'master "cluster" needs at least one executor, e.g. [{"id": "1", "host": "host-a", "cores": 2}]' });
  }
  const seen = new Set<string>();
  executors.forEach((e, i) => {
    if (seen.has(e.id))
      errors.push({
        path: `cluster.executors[${i}].id`,
        message: `executor id "${e.id}" is used twice (Spark: Duplicate executor ID); give each executor its own id`,
      });
    seen.add(e.id);
  });
  if (errors.length > before) return null;
  return {
    master: c.master,
    parsedMaster: master,
    host: c.host ?? 'localhost',
    executors: master.kind === 'cluster' ? executors.map((e) => ({ id: e.id, host: e.host ?? `host-${e.id}`, cores: e.cores ?? 1 })) : [],
  };
}

// ---- conf: Spark keys as JSON values or Spark-style strings

interface ConfKey {
  kind: 'int' | 'boolean';
  min: number;
  default: number | boolean;
}

const CONF_KEYS: Record<keyof SparkConf, ConfKey> = {
  'spark.task.maxFailures': { kind: 'int', min: 0, default: 4 },
  // Read unchecked (DAGScheduler 3.2.0): 0 aborts the stage on its first fetch failure.
  'spark.stage.maxConsecutiveAttempts': { kind: 'int', min: 0, default: 4 },
  'spark.test.noStageRetry': { kind: 'boolean', min: 0, default: false },
  // No checkValue in SQLConf: 0 or less trips the limit at the first report (EpochCoordinator).
  'spark.sql.streaming.continuous.epochBacklogQueueSize': { kind: 'int', min: -2147483648, default: 10000 },
  // Milliseconds; the marker generator's scheduleWithFixedDelay refuses a delay of 0 or less.
  'spark.sql.streaming.continuous.executorPollIntervalMs': { kind: 'int', min: 1, default: 100 },
};

function parseConf(input: unknown, errors: ScenarioError[]): SparkConf | null {
  const conf = Object.fromEntries(Object.entries(CONF_KEYS).map(([k, v]) => [k, v.default])) as unknown as SparkConf;
  if (input === undefined) return conf;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    errors.push({ path: 'conf', message: `expected an object of Spark configuration keys, got ${typeName(input)}` });
    return null;
  }
  const known = Object.keys(CONF_KEYS);
  const before = errors.length;
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    const path = formatPath(['conf', key]);
    const spec = CONF_KEYS[key as keyof SparkConf];
    if (spec === undefined) {
      const message = key.startsWith('spark.')
        ? `not simulated by this harness${suggestion(key, known)}; supported keys: ${known.join(', ')}`
        : `unknown configuration key${suggestion(key, known)}; supported keys: ${known.join(', ')}`;
      errors.push({ path, message });
      continue;
    }
    const v = confValue(spec, value);
    if (v === null) {
      const want = spec.kind === 'int' ? `an integer >= ${spec.min}` : 'true or false';
      errors.push({
        path,
        message: `expected ${want} (a JSON value or a string such as "${spec.kind === 'int' ? spec.default : 'true'}"), got ${typeName(value)}`,
      });
      continue;
    }
    (conf as unknown as Record<string, number | boolean>)[key] = v;
  }
  return errors.length > before ? null : conf;
}

function confValue(spec: ConfKey, value: unknown): number | boolean | null {
  if (spec.kind === 'boolean') {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    return null;
  }
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= spec.min ? n : null;
}

// ---- workload and the RDD graph

function parseWorkload(input: unknown, errors: ScenarioError[]): Workload | null {
  const w = parse(WorkloadSchema, input, ['workload'], errors);
  if (w === null) return null;
  if (w.mode === 'continuous') {
    return {
      mode: 'continuous',
      partitions: w.partitions,
      epochs: w.epochs,
      restarts: w.restarts ?? 0,
      retryPolicy: w.retryPolicy ?? 'none',
      epochIntervalMs: w.epochIntervalMs ?? 1000,
      recordsPerSecond: w.recordsPerSecond ?? DEFAULT_RECORDS_PER_SECOND,
      ...(w.queryName !== undefined ? { queryName: w.queryName } : {}),
    };
  }
  const before = errors.length;
  const rdds = checkRdds(w.rdds, errors);
  const ids = new Set(rdds.map((r) => r.id));
  if (w.mode === 'batch') {
    w.jobs.forEach((j, i) => {
      if (!ids.has(j.rdd)) errors.push({ path: `workload.jobs[${i}].rdd`, message: `RDD ${j.rdd} is not defined; use one of the ids in workload.rdds` });
    });
    if (errors.length > before) return null;
    return { mode: 'batch', rdds, jobs: w.jobs.map((j) => ({ rdd: j.rdd })) };
  }
  if (!ids.has(w.sink)) errors.push({ path: 'workload.sink', message: `RDD ${w.sink} is not defined; use one of the ids in workload.rdds` });
  if (errors.length > before) return null;
  return {
    mode: 'microBatch',
    rdds,
    sink: w.sink,
    batches: w.batches,
    restarts: w.restarts ?? 0,
    sinkApi: w.sinkApi ?? 'v2',
    recordsPerBatch: w.recordsPerBatch ?? DEFAULT_RECORDS_PER_BATCH,
    ...(w.queryName !== undefined ? { queryName: w.queryName } : {}),
  };
}

type RawRdd = { id: number; partitions: number; deps?: { rdd: number; type: 'narrow' | 'shuffle' }[]; callSite?: string };

function checkRdds(raw: RawRdd[], errors: ScenarioError[]): RddSpec[] {
  const position = new Map<number, number>();
  raw.forEach((r, i) => {
    if (position.has(r.id)) errors.push({ path: `workload.rdds[${i}].id`, message: `RDD id ${r.id} is used twice; give each RDD its own id` });
    else position.set(r.id, i);
  });
  raw.forEach((r, i) => {
    const seen = new Set<string>();
    (r.deps ?? []).forEach((d, j) => {
      const path = `workload.rdds[${i}].deps[${j}].rdd`;
      const at = position.get(d.rdd);
      if (d.rdd === r.id) {
        errors.push({ path, message: `RDD ${r.id} depends on itself: a cycle; a dependency must name an earlier RDD` });
      } else if (at === undefined) {
        errors.push({ path, message: `RDD ${d.rdd} is not defined; use one of the ids in workload.rdds` });
      } else if (at > i) {
        errors.push({ path, message: `RDD ${d.rdd} is not defined before RDD ${r.id}; list an RDD after the RDDs it depends on` });
      } else if (d.type === 'narrow' && raw[at].partitions !== r.partitions) {
        errors.push({
          path: `workload.rdds[${i}].deps[${j}]`,
          message: `a narrow dependency maps partition i to partition i, but RDD ${r.id} has ${r.partitions} partitions and RDD ${d.rdd} has ${raw[at].partitions}; make them equal or use "type": "shuffle"`,
        });
      }
      const key = `${d.rdd}/${d.type}`;
      if (seen.has(key)) errors.push({ path: `workload.rdds[${i}].deps[${j}]`, message: `duplicate ${d.type} dependency on RDD ${d.rdd}; list it once` });
      seen.add(key);
    });
  });
  return raw.map((r) => ({
    id: r.id,
    partitions: r.partitions,
    deps: (r.deps ?? []).map((d) => ({ rdd: d.rdd, type: d.type })),
    ...(r.callSite !== undefined ? { callSite: r.callSite } : {}),
  }));
}

// ---- faults

const SELECTOR_FIELDS_BY_MODE: Record<Workload['mode'], readonly (keyof TaskSelector)[]> = {
  batch: ['job', 'stage', 'stageAttempt', 'partition', 'attempt'],
  microBatch: ['job', 'batch', 'run', 'stage', 'stageAttempt', 'partition', 'attempt'],
  continuous: ['job', 'epoch', 'run', 'stage', 'stageAttempt', 'partition', 'attempt'],
};

function parseFaults(input: unknown, cluster: ClusterSpec, workload: Workload, errors: ScenarioError[]): Fault[] | null {
  if (input === undefined) return [];
  if (!Array.isArray(input)) {
    errors.push({ path: 'faults', message: `expected an array of fault entries, got ${typeName(input)}` });
    return null;
  }
  const before = errors.length;
  const faults: Fault[] = [];
  input.forEach((entry, i) => {
    const f = parseFault(entry, i, cluster, workload, errors);
    if (f !== null) faults.push(f);
  });
  return errors.length > before ? null : faults;
}

function parseFault(entry: unknown, i: number, cluster: ClusterSpec, workload: Workload, errors: ScenarioError[]): Fault | null {
  const base = ['faults', i];
  const isObject = entry !== null && typeof entry === 'object' && !Array.isArray(entry);
  if (isObject && 'executorLost' in (entry as object)) {
    const e = parse(ExecutorLostSchema, entry, base, errors)?.executorLost;
    if (!e) return null;
    if (cluster.parsedMaster.kind !== 'cluster') {
      errors.push({ path: `faults[${i}].executorLost`, message: 'executor loss needs master "cluster"; local mode has only the driver, which cannot be lost' });
      return null;
    }
    if (!cluster.executors.some((x) => x.id === e.executor)) {
      errors.push({
        path: `faults[${i}].executorLost.executor`,
        message: `executor "${e.executor}" is not defined; use one of ${cluster.executors.map((x) => `"${x.id}"`).join(', ')}`,
      });
      return null;
    }
    // An unqualified loss is ExecutorProcessLost("Executor Process Lost"), whose causedByApp
    // defaults to true, so it counts (facts §1.4).
    return {
      kind: 'executorLost',
      executor: e.executor,
      atMs: e.atMs,
      exitCausedByApp: e.exitCausedByApp ?? true,
      reason: e.reason ?? 'Executor Process Lost',
    };
  }
  if (!isObject || !('task' in (entry as object))) {
    errors.push({
      path: `faults[${i}]`,
      message: 'a fault is {"task": {selector}, "fail": {reason}} or {"task": {selector}, "durationMs": N} or {"executorLost": {"executor": ..., "atMs": ...}}',
    });
    return null;
  }
  const f = parse(TaskFaultSchema, entry, base, errors);
  if (f === null) return null;
  if (f.fail === undefined && f.durationMs === undefined) {
    errors.push({ path: `faults[${i}]`, message: 'a task fault needs "fail" (how the attempt ends), "durationMs" (a slow attempt), or both' });
    return null;
  }
  const allowed = SELECTOR_FIELDS_BY_MODE[workload.mode];
  let ok = true;
  for (const k of Object.keys(f.task) as (keyof TaskSelector)[]) {
    if (!allowed.includes(k)) {
      errors.push({ path: `faults[${i}].task.${k}`, message: `"${k}" does not apply in ${workload.mode} mode; selectors there are ${allowed.join(', ')}` });
      ok = false;
    }
  }
  if (f.phase !== undefined && workload.mode !== 'continuous') {
    errors.push({ path: `faults[${i}].phase`, message: `"phase" applies only in continuous mode, where a task commits each epoch; remove it` });
    ok = false;
  } else if (f.phase === 'commit' && f.fail === undefined) {
    errors.push({ path: `faults[${i}].phase`, message: `"phase": "commit" says where a failure strikes; add "fail" or remove "phase"` });
    ok = false;
  }
  const fail = f.fail === undefined ? null : normalizeReason(f.fail, `faults[${i}].fail`, workload, errors);
  if (!ok || fail === undefined) return null;
  return { kind: 'task', task: { ...f.task }, fail, durationMs: f.durationMs ?? null, ...(f.phase === 'commit' ? { phase: 'commit' as const } : {}) };
}

type RawReason = NonNullable<z.output<typeof TaskFaultSchema>['fail']>;

/** The normalized reason, or undefined after reporting an error. */
function normalizeReason(r: RawReason, path: string, workload: Workload, errors: ScenarioError[]): InjectedReason | undefined {
  switch (r.reason) {
    case 'ExceptionFailure': {
      const frames: StackFrame[] = [];
      let ok = true;
      (r.stackTrace ?? []).forEach((s, j) => {
        const frame = parseFrame(s);
        if (frame === null) {
          errors.push({
            path: `${path}.stackTrace[${j}]`,
            message: `cannot read the frame ${JSON.stringify(s)}; write it as Java prints it, e.g. "org.example.Job.run(Job.scala:42)"`,
          });
          ok = false;
        } else frames.push(frame);
      });
      if (!ok) return undefined;
      return { reason: 'ExceptionFailure', className: r.className ?? 'java.lang.RuntimeException', description: r.description ?? null, stackTrace: frames };
    }
    case 'TaskKilled':
      return { reason: 'TaskKilled', killReason: r.killReason ?? 'killed via SparkContext.killTaskAttempt' };
    case 'FetchFailed': {
      if (workload.mode === 'continuous') {
        errors.push({ path: `${path}.reason`, message: 'a continuous query has no shuffle, so no FetchFailed; use another reason' });
        return undefined;
      }
      const shuffles = shuffleIds(workload.rdds);
      const sh = shuffles.find((s) => s.shuffleId === r.shuffle);
      if (sh === undefined) {
        const have =
          shuffles.length === 0
            ? 'the workload has no shuffle dependency'
            : `shuffle ids are 0..${shuffles.length - 1}, numbered over shuffle dependencies in RDD order`;
        errors.push({ path: `${path}.shuffle`, message: `shuffle ${r.shuffle} does not exist; ${have}` });
        return undefined;
      }
      if (r.mapIndex >= sh.mapPartitions) {
        errors.push({
          path: `${path}.mapIndex`,
          message: `map index ${r.mapIndex} is out of range: shuffle ${r.shuffle} reads RDD ${sh.parentRdd}, which has ${sh.mapPartitions} partitions (0..${sh.mapPartitions - 1})`,
        });
        return undefined;
      }
      return { reason: 'FetchFailed', shuffle: r.shuffle, mapIndex: r.mapIndex, message: r.message ?? null };
    }
    default:
      return { reason: r.reason };
  }
}

const FRAME = /^(.+)\.([^.(]+)\((.*)\)$/;

export function parseFrame(s: string): StackFrame | null {
  const m = FRAME.exec(s.trim().replace(/^at\s+/, ''));
  if (m === null) return null;
  const [, declaringClass, methodName, where] = m;
  if (where === 'Native Method') return { declaringClass, methodName, fileName: null, lineNumber: -2 };
  if (where === 'Unknown Source') return { declaringClass, methodName, fileName: null, lineNumber: -1 };
  const loc = /^([^:]+)(?::(\d+))?$/.exec(where);
  if (loc === null) return null;
  return { declaringClass, methodName, fileName: loc[1], lineNumber: loc[2] === undefined ? -1 : Number(loc[2]) };
}
