// Model agreement: where a run summary leaves what the model allows. Returns human-readable
// disagreements (empty = agrees). It never flags what the prediction leaves open; a run stopped
// by a limit is compared as a prefix when the prediction says that can happen.
import { STALL_NO_EXECUTOR, STALL_NOTHING_LEFT, type JobSummary, type RunSummary, type StageSummary, type TaskSummary } from '../src/trace/summary.js';
import {
  renderText,
  textMatches,
  type JobOutcome,
  type JobPrediction,
  type PartitionTasks,
  type Prediction,
  type StageAttemptPrediction,
  type StageStatus,
  type Text,
} from './prediction.js';

export function compareWithModel(prediction: Prediction, summary: RunSummary): string[] {
  const out: string[] = [];
  if (!prediction.statuses.includes(summary.status)) {
    out.push(`run status is ${summary.status}${summary.stopReason ? ` (${summary.stopReason})` : ''}; the model allows ${prediction.statuses.join(' or ')}`);
  }
  out.push(...stallDisagreements(prediction, summary));
  const cut = summary.status === 'did-not-terminate' && prediction.mayBeTruncated;
  const jobs = new Map(summary.jobs.map((j) => [j.jobId, j]));
  for (const jp of prediction.jobs) {
    const sj = jobs.get(jp.jobId);
    const mine = jobDisagreements(jp, sj, summary, cut);
    // Under another numbering Spark may give the job's stages, the run may agree.
    if (mine.length > 0 && (jp.otherNumberings ?? []).some((alt) => jobDisagreements(alt, sj, summary, cut).length === 0)) continue;
    out.push(...mine);
  }
  if (!prediction.moreJobs) {
    const known = new Set(prediction.jobs.map((j) => j.jobId));
    for (const sj of summary.jobs) if (!known.has(sj.jobId)) out.push(`job ${sj.jobId} ran, but the model expects only ${prediction.jobs.length} job(s)`);
  }
  compareQuery(prediction, summary, cut, out);
  return out;
}

function jobDisagreements(jp: JobPrediction, sj: JobSummary | undefined, summary: RunSummary, cut: boolean): string[] {
  const out: string[] = [];
  if (!jp.outcomes.some((o) => outcomeMatches(o, sj)) && !(cut && (sj === undefined || sj.result === 'Running'))) {
    out.push(`${jp.label} (job ${jp.jobId}): ${describeJob(sj)}; the model allows ${jp.outcomes.map(describeOutcome).join(', or ')}`);
  }
  if (sj !== undefined) compareStages(jp, summary, cut, out);
  return out;
}

function outcomeMatches(o: JobOutcome, sj: JobSummary | undefined): boolean {
  if (sj === undefined) return o.result === 'absent';
  if (o.result !== sj.result) return false;
  return o.result !== 'JobFailed' || textMatches(o.message, sj.message ?? '');
}

function describeJob(sj: JobSummary | undefined): string {
  if (sj === undefined) return 'never started';
  if (sj.result === 'JobFailed') return `failed with ${JSON.stringify(sj.message)}`;
  return sj.result === 'Running' ? 'never ended' : 'succeeded';
}

function describeOutcome(o: JobOutcome): string {
  switch (o.result) {
    case 'JobSucceeded':
      return 'success';
    case 'JobFailed':
      return `failure with ${JSON.stringify(renderText(o.message))}`;
    case 'Running':
      return 'never ending';
    case 'absent':
      return 'never starting';
  }
}

function compareStages(jp: JobPrediction, summary: RunSummary, cut: boolean, out: string[]): void {
  const stages = new Map<string, StageSummary>(summary.stages.map((s) => [`${s.stageId}.${s.attemptId}`, s]));
  for (const sp of jp.stages) {
    const key = `${sp.stageId}.${sp.attemptId}`;
    const ss = stages.get(key);
    const status: StageStatus = ss?.status ?? 'absent';
    const allowed = cut ? [...sp.statuses, 'running', 'skipped', 'absent'] : sp.statuses;
    if (!allowed.includes(status)) out.push(`${jp.label}: stage ${key} is ${status}; the model allows ${sp.statuses.join(' or ')}`);
    if (ss?.status === 'failed' && sp.failureReasons !== null && ss.failureReason !== undefined) {
      if (!sp.failureReasons.some((t) => textMatches(t, ss.failureReason!))) {
        out.push(`${jp.label}: stage ${key} failed with ${JSON.stringify(ss.failureReason)}; the model allows ${allowedTexts(sp.failureReasons)}`);
      }
    }
    compareTasks(jp, sp, summary.tasks, cut, out);
  }
  if (jp.exhaustiveAttempts && jp.stageIds !== null) {
    const ids = new Set(jp.stageIds);
    const predicted = new Set(jp.stages.map((s) => `${s.stageId}.${s.attemptId}`));
    for (const s of summary.stages) {
      if (ids.has(s.stageId) && !predicted.has(`${s.stageId}.${s.attemptId}`)) {
        out.push(`${jp.label}: stage ${s.stageId}.${s.attemptId} exists (${s.status}); the model expects no such stage attempt`);
      }
    }
  }
}

function allowedTexts(ts: Text[]): string {
  return ts.map((t) => JSON.stringify(renderText(t))).join(' or ');
}

function compareTasks(jp: JobPrediction, sp: StageAttemptPrediction, all: TaskSummary[], cut: boolean, out: string[]): void {
  if (sp.tasks === null) return;
  const where = `${jp.label}: stage ${sp.stageId}.${sp.attemptId}`;
  const byPartition = new Map<number, TaskSummary[]>();
  for (const t of all) {
    if (t.stageId !== sp.stageId || t.stageAttemptId !== sp.attemptId) continue;
    const list = byPartition.get(t.partition) ?? [];
    list.push(t);
    byPartition.set(t.partition, list);
  }
  for (const pt of sp.tasks) compareAttempts(`${where} partition ${pt.partition}`, pt, byPartition.get(pt.partition) ?? [], cut, out);
  if (sp.exhaustiveTasks) {
    const predicted = new Set(sp.tasks.map((t) => t.partition));
    for (const [p, ts] of byPartition) {
      if (!predicted.has(p)) out.push(`${where}: partition ${p} ran ${ts.length} attempt(s); the model expects none`);
    }
  }
}

function compareAttempts(where: string, pt: PartitionTasks, seen: TaskSummary[], cut: boolean, out: string[]): void {
  const mode = cut ? 'prefix' : pt.mode;
  const expected = (i: number): string | undefined => (i < pt.reasons.length ? pt.reasons[i] : pt.repeatsLast ? pt.reasons[pt.reasons.length - 1] : undefined);
  const got = seen.map((t) => t.reason);
  const want = `${mode === 'exact' ? 'exactly' : 'a prefix of'} [${pt.reasons.join(', ')}${pt.repeatsLast ? ', …' : ''}]`;
  let bad = mode === 'exact' && seen.length !== pt.reasons.length;
  seen.forEach((t, i) => {
    const e = expected(i);
    const last = i === seen.length - 1;
    if (e === undefined) bad = true;
    else if (t.reason !== e && !(mode === 'prefix' && last && (t.reason === 'TaskKilled' || t.reason === 'Running'))) bad = true;
    if (t.attempt !== i) out.push(`${where}: TID ${t.tid} is attempt ${t.attempt}; the model expects attempt ${i} (attempts count launches)`);
    if (t.index !== pt.index) out.push(`${where}: TID ${t.tid} has task index ${t.index}; the model expects ${pt.index}`);
    if (pt.tids !== null && i < pt.tids.length && t.tid !== pt.tids[i])
      out.push(`${where}: attempt ${i} has TID ${t.tid}; the model expects TID ${pt.tids[i]}`);
    if (pt.executors !== null && !pt.executors.includes(t.executorId))
      out.push(`${where}: attempt ${i} ran on executor ${t.executorId}; the model allows ${pt.executors.join(', ')}`);
    if (pt.hosts !== null && !pt.hosts.includes(t.host)) out.push(`${where}: attempt ${i} ran on host ${t.host}; the model allows ${pt.hosts.join(', ')}`);
    const err = i < pt.errors.length ? pt.errors[i] : null;
    const cancelled = mode === 'prefix' && last && t.reason === 'TaskKilled'; // maybe the job's own kill
    if (err !== null && t.reason === e && !cancelled && t.error !== err)
      out.push(`${where}: attempt ${i} error ${JSON.stringify(t.error)}; the model expects ${JSON.stringify(err)}`);
  });
  if (bad) out.push(`${where}: attempts ended [${got.join(', ')}]; the model expects ${want}`);
}

function compareQuery(prediction: Prediction, summary: RunSummary, cut: boolean, out: string[]): void {
  const qp = prediction.query;
  if (qp === null) return;
  const qs = summary.query;
  if (qs === undefined) {
    out.push('the run shows no streaming query; the model expects one');
    return;
  }
  // A run cut short may end while the query runs, or just after an earlier run failed.
  const midway = cut && qp.runs.max > 1;
  const statuses = cut ? [...qp.statuses, 'running', ...(midway ? ['failed'] : [])] : qp.statuses;
  if (!statuses.includes(qs.status)) out.push(`query status is ${qs.status}; the model allows ${qp.statuses.join(' or ')}`);
  if (qs.status === 'failed' && !midway && qp.exceptions.length > 0 && !qp.exceptions.some((t) => textMatches(t, qs.exception ?? ''))) {
    out.push(`query exception ${JSON.stringify(qs.exception)}; the model allows ${allowedTexts(qp.exceptions)}`);
  }
  const committed = (qp.mode === 'microBatch' ? qs.committedBatches : qs.committedEpochs) ?? [];
  const what = qp.mode === 'microBatch' ? 'batches' : 'epochs';
  if (qp.contiguous && committed.some((id, i) => id !== i)) out.push(`committed ${what} [${committed.join(', ')}] are not 0, 1, 2, … without gaps`);
  if (qp.committed !== null) {
    const want = qp.committed;
    const ok = cut
      ? committed.length <= want.length && committed.every((id, i) => id === want[i])
      : qp.mayCommitMore
        ? committed.length >= want.length && want.every((id, i) => id === committed[i])
        : committed.length === want.length && committed.every((id, i) => id === want[i]);
    const expects = cut ? 'a prefix of ' : qp.mayCommitMore ? 'at least ' : '';
    if (!ok) out.push(`committed ${what} [${committed.join(', ')}]; the model expects ${expects}[${want.join(', ')}]`);
  }
  const min = cut ? 0 : qp.runs.min;
  if (qs.runs < min || qs.runs > qp.runs.max) {
    out.push(`the query ran ${qs.runs} time(s); the model allows ${qp.runs.min === qp.runs.max ? qp.runs.min : `${qp.runs.min} to ${qp.runs.max}`}`);
  }
}

/** One line of what the model expects beside what the run did (a job, the run, the query). */
export interface ExpectationRow {
  what: string;
  run: string;
  model: string;
  agrees: boolean;
}

/**
 * A run that went quiet before its driver finished (a simulated stall, not a limit): under Spark's
 * rules something always happens next while a job runs (an offer, a resubmission, a stage retry),
 * unless every executor is gone; so only a stall for want of executors is allowed, and only when
 * the fault list may take every executor.
 */
function stallDisagreements(prediction: Prediction, summary: RunSummary): string[] {
  if (summary.status !== 'did-not-terminate') return [];
  if (summary.stopReason === STALL_NOTHING_LEFT)
    return [
      `the run stalled (${STALL_NOTHING_LEFT}); under Spark's rules a running job always has a next step (an offer, a resubmission, a stage retry) until it ends`,
    ];
  if (summary.stopReason === STALL_NO_EXECUTOR && !prediction.mayLoseEveryExecutor)
    return [`the run stalled (${STALL_NO_EXECUTOR}); the fault list cannot take every executor, so one stays alive to run them`];
  return [];
}

/** The model's expectation beside the run, job by job, then the run's status and the query's fate. */
export function expectationBesideRun(prediction: Prediction, summary: RunSummary): ExpectationRow[] {
  const cut = summary.status === 'did-not-terminate' && prediction.mayBeTruncated;
  const rows: ExpectationRow[] = [
    {
      what: 'run',
      run: summary.status + (summary.stopReason ? ` (${summary.stopReason})` : ''),
      model: prediction.statuses.join(' or '),
      agrees: prediction.statuses.includes(summary.status),
    },
  ];
  const jobs = new Map(summary.jobs.map((j) => [j.jobId, j]));
  for (const jp of prediction.jobs) {
    const sj = jobs.get(jp.jobId);
    const agrees = jp.outcomes.some((o) => outcomeMatches(o, sj)) || (cut && (sj === undefined || sj.result === 'Running'));
    rows.push({
      what: jp.label === `job ${jp.jobId}` ? jp.label : `${jp.label} (job ${jp.jobId})`,
      run: describeJob(sj),
      model: jp.outcomes.map(describeOutcome).join(', or '),
      agrees,
    });
  }
  const qp = prediction.query;
  if (qp !== null) {
    const qs = summary.query;
    const what = qp.mode === 'microBatch' ? 'batches' : 'epochs';
    const committed = qs === undefined ? [] : ((qp.mode === 'microBatch' ? qs.committedBatches : qs.committedEpochs) ?? []);
    const run = qs === undefined ? 'no query' : `${qs.status} after ${qs.runs} run(s), committed ${what} [${committed.join(', ')}]`;
    const want = qp.committed === null ? `${what} 0, 1, 2, … without gaps` : `${qp.mayCommitMore ? 'at least ' : ''}${what} [${qp.committed.join(', ')}]`;
    const runs = qp.runs.min === qp.runs.max ? `${qp.runs.min}` : `${qp.runs.min} to ${qp.runs.max}`;
    const out: string[] = [];
    compareQuery(prediction, summary, cut, out);
    rows.push({ what: 'query', run, model: `${qp.statuses.join(' or ')} after ${runs} run(s), committed ${want}`, agrees: out.length === 0 });
  }
  return rows;
}
