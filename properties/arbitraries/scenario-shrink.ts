// Structural shrinking of a scenario's JSON (issue 11 §6), after fast-check's own shrinks of the
// raw draws: simpler modes first (a bug that shows in batch shrinks to a batch job, not to a
// micro-batch or continuous query), then fewer faults, RDDs, jobs, executors and partitions, then
// simpler faults, clusters and settings. Raw draws cannot express some of these steps (an RDD no
// job needs cannot be dropped from the raw list without moving every job), so they are edits of
// the scenario itself. Every candidate is valid and strictly simpler, so shrinking ends; the order
// is fixed, so a shrink path replays exactly.
import type { ScenarioInput } from '../../src/scenario/schema.js';
import { validateScenario } from '../../src/scenario/validate.js';
import type { Mode } from './scenario.js';
import { shufflesOf, type RddInput } from './dag.js';

type Json = Record<string, unknown>;
type Workload = Json & { mode: Mode };
type TaskFaultJson = { task: Record<string, number>; fail?: Json; durationMs?: number; phase?: string };
type LossJson = { executorLost: { executor: string; atMs: number; exitCausedByApp?: boolean; reason?: string } };
type FaultJson = TaskFaultJson | LossJson;

const BACKLOG_KEY = 'spark.sql.streaming.continuous.epochBacklogQueueSize';
const DEFAULT_EXCEPTION = 'java.lang.RuntimeException';
const PLAIN_EXCEPTION = { reason: 'ExceptionFailure', className: DEFAULT_EXCEPTION, description: 'injected 0' };

const clone = <T>(x: T): T => structuredClone(x);
const workloadOf = (s: ScenarioInput): Workload => s.workload as Workload;
const faultsOf = (s: ScenarioInput): FaultJson[] => (s.faults ?? []) as FaultJson[];
const isLoss = (f: FaultJson): f is LossJson => 'executorLost' in f;
const rddsOf = (s: ScenarioInput): RddInput[] => (workloadOf(s).rdds as RddInput[] | undefined) ?? [];

/** `s` with another workload and faults (and the continuous-only setting dropped outside continuous mode). */
function withWorkload(s: ScenarioInput, workload: Workload, faults: FaultJson[]): ScenarioInput {
  const out = clone(s);
  out.workload = workload as ScenarioInput['workload'];
  out.faults = faults as ScenarioInput['faults'];
  if (workload.mode !== 'continuous' && out.conf && BACKLOG_KEY in out.conf) {
    const { [BACKLOG_KEY]: _dropped, ...rest } = out.conf;
    out.conf = rest;
  }
  return out;
}

/** Task selectors keep only `keep`'s fields; `rename` moves one field's value to another first. */
function mapSelectors(faults: FaultJson[], keep: readonly string[], rename?: [string, string]): FaultJson[] {
  return faults.map((f) => {
    if (isLoss(f)) return clone(f);
    const task: Record<string, number> = {};
    for (const [k, v] of Object.entries(f.task)) {
      const key = rename && k === rename[0] && f.task[rename[1]] === undefined ? rename[1] : k;
      if (keep.includes(key)) task[key] = v;
    }
    const { phase: _phase, ...rest } = clone(f);
    return { ...rest, task };
  });
}

const BATCH_FIELDS = ['job', 'stage', 'stageAttempt', 'partition', 'attempt'];
const MICRO_FIELDS = ['job', 'batch', 'run', 'stage', 'stageAttempt', 'partition', 'attempt'];

/** The same plan in a simpler mode the campaign generates: batch first, then micro-batch. */
function* simplerModes(s: ScenarioInput, modes: readonly Mode[]): Generator<ScenarioInput> {
  const w = workloadOf(s);
  const faults = faultsOf(s);
  if (w.mode === 'microBatch' && modes.includes('batch')) {
    const rdds = clone(w.rdds as RddInput[]);
    const sink = w.sink as number;
    for (const jobs of new Set([1, w.batches as number])) {
      const workload = { mode: 'batch' as const, rdds, jobs: Array.from({ length: jobs }, () => ({ rdd: sink })) };
      yield withWorkload(s, workload, mapSelectors(faults, BATCH_FIELDS));
      yield withWorkload(s, workload, mapSelectors(faults, BATCH_FIELDS, ['batch', 'job']));
    }
  }
  if (w.mode !== 'continuous') return;
  const rdds = [{ id: 0, partitions: w.partitions as number }];
  if (modes.includes('batch')) yield* continuousAsBatch(s, w.partitions as number, mapSelectors(faults, BATCH_FIELDS));
  if (modes.includes('microBatch')) {
    const workload = {
      mode: 'microBatch' as const,
      rdds,
      sink: 0,
      batches: w.epochs as number,
      restarts: (w.restarts as number | undefined) ?? 0,
      sinkApi: 'v2',
      recordsPerBatch: 10,
    };
    yield withWorkload(s, workload, mapSelectors(faults, MICRO_FIELDS, ['epoch', 'batch']));
  }
}

/**
 * A continuous query as one batch job over its partitions; and, since a query ends by cancelling
 * tasks that still run, also as the batch job that ends so: two tasks on two slots, one failing
 * every attempt, so the job aborts while the other runs.
 */
function* continuousAsBatch(s: ScenarioInput, partitions: number, faults: FaultJson[]): Generator<ScenarioInput> {
  yield withWorkload(s, { mode: 'batch', rdds: [{ id: 0, partitions }], jobs: [{ rdd: 0 }] }, faults);
  const abort: FaultJson = { task: { partition: 0 }, fail: { reason: 'ExceptionFailure', className: DEFAULT_EXCEPTION, description: 'injected 0' } };
  const workload = { mode: 'batch' as const, rdds: [{ id: 0, partitions: Math.max(2, partitions) }], jobs: [{ rdd: 0 }] };
  const local = parseLocal(s.cluster.master);
  const executors = executorsOf(s);
  const cluster =
    local !== null
      ? { master: localMaster(Math.max(2, local[0]), local[1]) }
      : { ...clone(s.cluster), executors: executors?.map((e, k) => (k === 0 ? { ...e, cores: Math.max(2, e.cores ?? 1) } : e)) };
  yield { ...withWorkload(s, workload, [...faults, abort]), cluster };
}

function* fewerFaults(s: ScenarioInput): Generator<ScenarioInput> {
  const faults = faultsOf(s);
  if (faults.length > 1) yield { ...clone(s), faults: [] };
  for (let i = 0; i < faults.length; i++) yield { ...clone(s), faults: faults.filter((_, k) => k !== i) as ScenarioInput['faults'] };
}

/** Shuffles in id order (what a FetchFailed's `shuffle` counts) as child<parent, ids through `rename`. */
function shuffleKeys(rdds: RddInput[], rename: (id: number) => number | null = (id) => id, dropped?: number): (string | null)[] {
  const out: (string | null)[] = [];
  for (const r of rdds) {
    for (const d of r.deps ?? []) {
      if (d.type !== 'shuffle') continue;
      const child = r.id === dropped ? null : rename(r.id);
      const parent = rename(d.rdd);
      out.push(child === null || parent === null ? null : `${child}<${parent}`);
    }
  }
  return out;
}

/** The RDDs without RDD `i`, ids renumbered; dependencies on it dropped, or moved to `parent`. */
function dropRdd(rdds: RddInput[], i: number, parent?: number): RddInput[] {
  const renumber = (id: number): number => (id > i ? id - 1 : id);
  const out = rdds
    .filter((r) => r.id !== i)
    .map((r) => {
      const deps: { rdd: number; type: 'narrow' | 'shuffle' }[] = [];
      for (const d of r.deps ?? []) {
        const target = d.rdd !== i ? d.rdd : parent;
        if (target === undefined) continue;
        const dep = { rdd: renumber(target), type: d.type };
        if (!deps.some((x) => x.rdd === dep.rdd && x.type === dep.type)) deps.push(dep);
      }
      return deps.length > 0 ? { id: renumber(r.id), partitions: r.partitions, deps } : { id: renumber(r.id), partitions: r.partitions };
    });
  return parent === undefined ? out : withNarrowCounts(out);
}

/** Each RDD with a narrow parent takes that parent's partition count (in id order, so it carries down). */
function withNarrowCounts(rdds: RddInput[]): RddInput[] {
  for (const r of rdds) {
    const narrow = (r.deps ?? []).find((d) => d.type === 'narrow');
    if (narrow !== undefined) r.partitions = rdds[narrow.rdd].partitions;
  }
  return rdds;
}

/**
 * FetchFailed entries re-aimed at the same shuffles in `after`; one whose shuffle is gone becomes
 * a plain exception, as the generators make it where no shuffle is read.
 */
function remapShuffles(faults: FaultJson[], before: (string | null)[], after: (string | null)[]): FaultJson[] {
  return faults.map((f) => {
    if (isLoss(f) || f.fail?.reason !== 'FetchFailed') return clone(f);
    const key = before[f.fail.shuffle as number] ?? null;
    const index = key === null ? -1 : after.indexOf(key);
    return { ...clone(f), fail: index < 0 ? { ...PLAIN_EXCEPTION } : { ...f.fail, shuffle: index } };
  });
}

/**
 * Without one RDD (the last first): what needed it loses it, or (an RDD with a parent) reads its
 * first parent instead, as if a map step were left out; the others renumbered.
 */
function* fewerRdds(s: ScenarioInput): Generator<ScenarioInput> {
  const rdds = rddsOf(s);
  for (let i = rdds.length - 1; i >= 0 && rdds.length > 1; i--) {
    const renumber = (id: number): number => (id > i ? id - 1 : id);
    const parent = rdds[i].deps?.[0]?.rdd;
    for (const moveTo of parent === undefined ? [undefined] : [undefined, parent]) {
      const next = dropRdd(rdds, i, moveTo);
      const faults = remapShuffles(
        faultsOf(s),
        shuffleKeys(rdds, (id) => (id !== i ? renumber(id) : moveTo === undefined ? null : renumber(moveTo)), i),
        shuffleKeys(next),
      );
      const jobTarget = (target: number): number | null => (target !== i ? renumber(target) : moveTo === undefined ? null : renumber(moveTo));
      yield* withoutRdd(s, next, faults, jobTarget);
      // An RDD a shuffle read had a map stage: the stages after it are numbered one lower now.
      if (shuffleKeys(rdds).some((k) => k?.endsWith(`<${i}`)) && faults.some((f) => !isLoss(f) && (f.task.stage ?? 0) > 0))
        yield* withoutRdd(s, next, earlierStages(faults), jobTarget);
    }
  }
}

/** Task selectors naming a stage after the first name the one before it. */
function earlierStages(faults: FaultJson[]): FaultJson[] {
  return faults.map((f) => (isLoss(f) || (f.task.stage ?? 0) === 0 ? f : { ...f, task: { ...f.task, stage: f.task.stage! - 1 } }));
}

/** The workload on `rdds` with each job (or the sink) moved by `target`; null drops a job. */
function* withoutRdd(s: ScenarioInput, rdds: RddInput[], faults: FaultJson[], target: (rdd: number) => number | null): Generator<ScenarioInput> {
  const w = workloadOf(s);
  if (w.mode === 'batch') {
    const jobs = (w.jobs as { rdd: number }[]).flatMap((j) => {
      const rdd = target(j.rdd);
      return rdd === null ? [] : [{ rdd }];
    });
    if (jobs.length > 0) yield withWorkload(s, { ...clone(w), rdds, jobs }, faults);
    return;
  }
  const sink = target(w.sink as number);
  if (sink !== null) yield withWorkload(s, { ...clone(w), rdds, sink }, faults);
}

/** An RDD with several dependencies keeps all but one. */
function* fewerDeps(s: ScenarioInput): Generator<ScenarioInput> {
  const rdds = rddsOf(s);
  for (const r of rdds) {
    const deps = r.deps ?? [];
    for (let k = 0; k < deps.length && deps.length > 1; k++) {
      const next = rdds.map((x) => (x.id === r.id ? { ...clone(x), deps: deps.filter((_, j) => j !== k) } : clone(x)));
      yield withWorkload(s, { ...clone(workloadOf(s)), rdds: next }, remapShuffles(faultsOf(s), shuffleKeys(rdds), shuffleKeys(next)));
    }
  }
}

function* fewerJobs(s: ScenarioInput): Generator<ScenarioInput> {
  const w = workloadOf(s);
  const faults = faultsOf(s);
  if (w.mode === 'batch') {
    const jobs = w.jobs as { rdd: number }[];
    for (let i = jobs.length - 1; i >= 0 && jobs.length > 1; i--) yield withWorkload(s, { ...clone(w), jobs: jobs.filter((_, k) => k !== i) }, faults);
    return;
  }
  const count = w.mode === 'microBatch' ? 'batches' : 'epochs';
  if ((w[count] as number) > 1) yield withWorkload(s, { ...clone(w), [count]: 1 }, faults);
  if ((w[count] as number) > 2) yield withWorkload(s, { ...clone(w), [count]: (w[count] as number) - 1 }, faults);
  if (w.mode === 'microBatch' && (w.batches as number) > 1)
    yield withWorkload(s, { ...clone(w), batches: (w.batches as number) - 1 }, oneBatchEarlier(faults, stagesPerBatch(rddsOf(s), w.sink as number)));
  const restarts = (w.restarts as number | undefined) ?? 0;
  if (restarts > 0) yield withWorkload(s, { ...clone(w), restarts: restarts - 1 }, faults);
}

/** The stages of one batch's job: one per shuffle the sink's plan reads, and the result stage. */
function stagesPerBatch(rdds: RddInput[], sink: number): number {
  const shuffles = new Set<string>();
  const seen = new Set<number>();
  const visit = (id: number): void => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const d of rdds[id].deps ?? []) {
      if (d.type === 'shuffle') shuffles.add(`${id}<${d.rdd}`);
      visit(d.rdd);
    }
  };
  visit(sink);
  return shuffles.size + 1;
}

/** Faults aimed at a later batch aimed one batch earlier: its job, stages and batch number one batch down. */
function oneBatchEarlier(faults: FaultJson[], stages: number): FaultJson[] {
  return faults.map((f) => {
    if (isLoss(f)) return f;
    const task = { ...f.task };
    if ((task.stage ?? 0) >= stages) task.stage! -= stages;
    if ((task.job ?? 0) > 0) task.job! -= 1;
    if ((task.batch ?? 0) > 0) task.batch! -= 1;
    return { ...f, task };
  });
}

type ExecutorJson = { id: string; host?: string; cores?: number };
const executorsOf = (s: ScenarioInput): ExecutorJson[] | undefined => (s.cluster as { executors?: ExecutorJson[] }).executors;

/** local, local[N] or local[N,F] as [threads, failures]; null for another master. */
function parseLocal(master: string): [number, number] | null {
  if (master === 'local') return [1, 1];
  const m = /^local\[(\d+)(?:,(\d+))?\]$/.exec(master);
  return m ? [Number(m[1]), m[2] === undefined ? 1 : Number(m[2])] : null;
}

const localMaster = (threads: number, failures: number): string =>
  failures > 1 ? `local[${threads},${failures}]` : threads > 1 ? `local[${threads}]` : 'local';

function withCluster(s: ScenarioInput, cluster: ScenarioInput['cluster']): ScenarioInput {
  return { ...clone(s), cluster };
}

/** Fewer executors (one no fault loses), fewer cores, fewer local threads. */
function* fewerExecutors(s: ScenarioInput): Generator<ScenarioInput> {
  const executors = executorsOf(s);
  const local = parseLocal(s.cluster.master);
  if (local !== null) {
    const [threads, failures] = local;
    if (threads > 1) yield withCluster(s, { ...clone(s.cluster), master: localMaster(1, failures) });
    if (threads > 2) yield withCluster(s, { ...clone(s.cluster), master: localMaster(threads - 1, failures) });
    return;
  }
  if (executors === undefined) return;
  const faults = faultsOf(s);
  for (let i = executors.length - 1; i >= 0 && executors.length > 1; i--) {
    // Its losses go with it: an executor lost at once is one that was never there.
    const id = executors[i].id;
    const out = withCluster(s, { ...clone(s.cluster), executors: executors.filter((_, k) => k !== i) });
    out.faults = faults.filter((f) => !isLoss(f) || f.executorLost.executor !== id) as ScenarioInput['faults'];
    yield out;
  }
  for (let i = 0; i < executors.length; i++) {
    if ((executors[i].cores ?? 1) > 1) yield withCluster(s, { ...clone(s.cluster), executors: executors.map((e, k) => (k === i ? { ...e, cores: 1 } : e)) });
  }
  yield* renumberedExecutors(s, executors);
}

/** Executors named 1, 2, … in order (as the generators name them), their losses renamed with them. */
function* renumberedExecutors(s: ScenarioInput, executors: ExecutorJson[]): Generator<ScenarioInput> {
  if (executors.every((e, k) => e.id === String(k + 1))) return;
  const rename = new Map(executors.map((e, k) => [e.id, String(k + 1)]));
  const faults = faultsOf(s).map((f) =>
    isLoss(f) ? { executorLost: { ...f.executorLost, executor: rename.get(f.executorLost.executor) ?? f.executorLost.executor } } : clone(f),
  );
  const out = withCluster(s, { ...clone(s.cluster), executors: executors.map((e) => ({ ...e, id: rename.get(e.id)! })) });
  out.faults = faults as ScenarioInput['faults'];
  yield out;
}

/** The RDDs narrow dependencies tie to RDD `i` (they share its partition count). */
function narrowGroup(rdds: RddInput[], i: number): Set<number> {
  const group = new Set([i]);
  for (let grew = true; grew;) {
    grew = false;
    for (const r of rdds) {
      for (const d of r.deps ?? []) {
        if (d.type !== 'narrow' || group.has(r.id) === group.has(d.rdd)) continue;
        group.add(r.id);
        group.add(d.rdd);
        grew = true;
      }
    }
  }
  return group;
}

/** FetchFailed map indices kept below their shuffle's map partitions. */
function clampMapIndices(faults: FaultJson[], rdds: RddInput[]): FaultJson[] {
  const shuffles = shufflesOf(rdds);
  return faults.map((f) => {
    if (isLoss(f) || f.fail?.reason !== 'FetchFailed') return f;
    const maps = shuffles[f.fail.shuffle as number]?.mapPartitions ?? 1;
    return (f.fail.mapIndex as number) < maps ? f : { ...f, fail: { ...f.fail, mapIndex: maps - 1 } };
  });
}

/** Fewer partitions: an RDD (with the RDDs narrow dependencies tie to it) down to 1, or by one. */
function* fewerPartitions(s: ScenarioInput): Generator<ScenarioInput> {
  const w = workloadOf(s);
  const faults = faultsOf(s);
  if (w.mode === 'continuous') {
    const p = w.partitions as number;
    if (p > 1) yield withWorkload(s, { ...clone(w), partitions: 1 }, faults);
    if (p > 2) yield withWorkload(s, { ...clone(w), partitions: p - 1 }, faults);
    return;
  }
  const rdds = rddsOf(s);
  for (const r of rdds) {
    const group = narrowGroup(rdds, r.id);
    if (Math.min(...group) !== r.id) continue;
    for (const p of new Set([1, r.partitions - 1])) {
      if (p < 1 || p >= r.partitions) continue;
      const next = rdds.map((x) => (group.has(x.id) ? { ...clone(x), partitions: p } : clone(x)));
      yield withWorkload(s, { ...clone(w), rdds: next }, clampMapIndices(faults, next));
      // One partition fewer, as if a partition no selector names were left out: the ones after it move down.
      if (p === r.partitions - 1)
        for (const k of unnamedPartitions(faults, r.partitions))
          yield withWorkload(s, { ...clone(w), rdds: next }, clampMapIndices(partitionsMovedDown(faults, k), next));
    }
  }
}

/** Partitions below `count`, but the last, that no task selector names. */
function unnamedPartitions(faults: FaultJson[], count: number): number[] {
  const named = new Set(faults.flatMap((f) => (isLoss(f) || f.task.partition === undefined ? [] : [f.task.partition])));
  return Array.from({ length: count - 1 }, (_, k) => k).filter((k) => !named.has(k) && [...named].some((n) => n > k));
}

/** Selectors naming a partition after `k` name the one before. */
function partitionsMovedDown(faults: FaultJson[], k: number): FaultJson[] {
  return faults.map((f) => (isLoss(f) || (f.task.partition ?? -1) <= k ? f : { ...f, task: { ...f.task, partition: f.task.partition! - 1 } }));
}

/** Smaller round times for a duration or a loss's moment: to the hundred below, then half. */
const shorterTimes = (ms: number): number[] => [...new Set([Math.floor(ms / 100) * 100, Math.floor(ms / 2)])].filter((t) => t < ms);

/** One fault's simpler forms: a selector field fewer or smaller, shorter, no phase, plainer failure details. */
function simplerFault(f: FaultJson): FaultJson[] {
  if (isLoss(f))
    return [0, ...shorterTimes(f.executorLost.atMs)].filter((t) => t < f.executorLost.atMs).map((atMs) => ({ executorLost: { ...f.executorLost, atMs } }));
  const out: FaultJson[] = [];
  for (const k of Object.keys(f.task)) {
    const { [k]: _dropped, ...task } = f.task;
    out.push({ ...clone(f), task });
    if (f.task[k] > 0) out.push({ ...clone(f), task: { ...f.task, [k]: 0 } });
  }
  if (f.durationMs !== undefined) {
    const { durationMs: _d, ...rest } = clone(f);
    if (f.fail !== undefined) out.push(rest);
    for (const t of shorterTimes(f.durationMs)) out.push({ ...clone(f), durationMs: t });
  }
  if (f.phase !== undefined) {
    const { phase: _p, ...rest } = clone(f);
    out.push(rest);
  }
  out.push(...plainerFailures(f));
  return out;
}

/** The failure itself plainer: map index 0, a RuntimeException, an ExceptionFailure for an UnknownReason (both count). */
function plainerFailures(f: TaskFaultJson): TaskFaultJson[] {
  if (f.fail?.reason === 'FetchFailed' && f.fail.mapIndex !== 0) return [{ ...clone(f), fail: { ...f.fail, mapIndex: 0 } }];
  if (f.fail?.reason === 'ExceptionFailure' && f.fail.className !== DEFAULT_EXCEPTION)
    return [{ ...clone(f), fail: { ...f.fail, className: DEFAULT_EXCEPTION } }];
  if (f.fail?.reason === 'UnknownReason') return [{ ...clone(f), fail: { ...PLAIN_EXCEPTION } }];
  return [];
}

function* simplerFaults(s: ScenarioInput): Generator<ScenarioInput> {
  const faults = faultsOf(s);
  for (let i = 0; i < faults.length; i++) {
    for (const g of simplerFault(faults[i])) yield { ...clone(s), faults: faults.map((f, k) => (k === i ? g : f)) as ScenarioInput['faults'] };
  }
}

/** A cluster no fault loses an executor of, as a local master with its cores and retry limit. */
function* simplerCluster(s: ScenarioInput): Generator<ScenarioInput> {
  const executors = executorsOf(s);
  const local = parseLocal(s.cluster.master);
  const failuresConf = Number(s.conf?.['spark.task.maxFailures'] ?? 4);
  if (executors !== undefined && local === null && !faultsOf(s).some(isLoss)) {
    const cores = executors.reduce((n, e) => n + (e.cores ?? 1), 0);
    const { 'spark.task.maxFailures': _f, ...conf } = s.conf ?? {};
    yield { ...clone(s), cluster: { master: localMaster(cores, failuresConf) }, conf };
  }
  if (local !== null && local[1] > 1) yield withCluster(s, { ...clone(s.cluster), master: localMaster(local[0], local[1] - 1) });
  // local[1,1] and local[1] are local: one form for one meaning.
  if (local !== null && s.cluster.master !== localMaster(local[0], local[1]))
    yield withCluster(s, { ...clone(s.cluster), master: localMaster(local[0], local[1]) });
  if (local === null && failuresConf > 1) yield { ...clone(s), conf: { ...s.conf, 'spark.task.maxFailures': failuresConf - 1 } };
}

/** Settings toward the generators' first choices (seed 0, no jitter, default sink and source rates), a tighter backlog. */
function* simplerSettings(s: ScenarioInput): Generator<ScenarioInput> {
  yield* simplerCluster(s);
  if (s.seed !== 0) yield { ...clone(s), seed: 0 };
  if (s.taskDurationJitter !== undefined) {
    const { taskDurationJitter: _j, ...rest } = clone(s);
    yield rest;
  }
  const w = workloadOf(s);
  const defaults: Record<string, unknown> =
    w.mode === 'microBatch'
      ? { sinkApi: 'v2', recordsPerBatch: 10 }
      : w.mode === 'continuous'
        ? { retryPolicy: 'none', epochIntervalMs: 200, recordsPerSecond: 10 }
        : {};
  for (const [k, v] of Object.entries(defaults)) if (w[k] !== undefined && w[k] !== v) yield withWorkload(s, { ...clone(w), [k]: v }, faultsOf(s));
  if (w.queryName !== undefined) {
    const { queryName: _name, ...unnamed } = clone(w);
    yield withWorkload(s, unnamed as Workload, faultsOf(s));
  }
  // A backlog limit only ever tightens: the generators' limits are 50, 4 and 1.
  const backlog = Number(s.conf?.[BACKLOG_KEY] ?? 1);
  for (const tighter of [1, 4].filter((b) => b < backlog)) yield { ...clone(s), conf: { ...s.conf, [BACKLOG_KEY]: tighter } };
}

/** Each candidate once, only valid ones, none equal to `s`. */
function* validDistinct(s: ScenarioInput, steps: Iterable<ScenarioInput>[]): Generator<ScenarioInput> {
  const seen = new Set<string>([JSON.stringify(s)]);
  for (const step of steps) {
    for (const candidate of step) {
      const key = JSON.stringify(candidate);
      if (seen.has(key)) continue;
      seen.add(key);
      if (validateScenario(candidate).ok) yield candidate;
    }
  }
}

/** The same scenario in a simpler mode among `modes` (batch first), valid. */
export function modeShrinks(s: ScenarioInput, modes: readonly Mode[]): Generator<ScenarioInput> {
  return validDistinct(s, [simplerModes(s, modes)]);
}

/** The edits that take an element away: a fault, an RDD, a job, an executor, a partition. */
function removals(s: ScenarioInput): Iterable<ScenarioInput>[] {
  return [fewerFaults(s), fewerRdds(s), fewerJobs(s), fewerExecutors(s), fewerPartitions(s)];
}

/**
 * Two edits at once, tried only after every single edit passed: a simpler mode or a removal, then
 * a removal, a simpler fault or a simpler setting. Some counterexamples sit in a local minimum of single edits: a
 * fetch failure timed by an extra executor and an extra partition loses its timing when either
 * goes alone, but not when both go; a slow task keeps its place in time with one partition fewer
 * only when it runs shorter too; a continuous run that trips a backlog limit of 4 with three
 * partitions trips it with one only under a limit of 1 (issue 11 §6). About n² candidates at a minimum of n, each a
 * short simulation.
 */
function* pairedEdits(s: ScenarioInput, modes: readonly Mode[]): Generator<ScenarioInput> {
  for (const first of validDistinct(s, [simplerModes(s, modes), ...removals(s)])) {
    for (const step of [...removals(first), simplerFaults(first), simplerSettings(first)]) yield* step;
  }
}

/** The scenario's structural shrinks, simplest first, each valid and different from `s` (simpler modes too unless `withoutModes`), pairs of edits last. */
export function scenarioShrinks(s: ScenarioInput, modes: readonly Mode[], withoutModes = false): Generator<ScenarioInput> {
  const [faults, rdds, jobs, executors, partitions] = removals(s);
  const steps = [faults, rdds, jobs, fewerDeps(s), executors, partitions, simplerFaults(s), simplerSettings(s), pairedEdits(s, modes)];
  return validDistinct(s, withoutModes ? steps : [simplerModes(s, modes), ...steps]);
}
