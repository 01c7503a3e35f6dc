// What a campaign generated: counts of modes, masters, end reasons and outcomes, so a user can
// see that every mode, every TaskEndReason, aborts, successes, stage retries and restarts were
// actually exercised (issue 4), and the scheduler's corners (corner-labels.ts, issue 11 §5).
import type { Scenario } from '../scenario/types.js';
import type { TraceEvent } from '../trace/events.js';
import { CORNER_LABELS, cornerLabels } from './corner-labels.js';
import { BACKLOG_MESSAGES } from '../streaming/epoch-coordinator.js';
import { NO_STAGE_RETRY_MESSAGE } from '../spark/messages.js';
import type { RunSummary } from '../trace/summary.js';

/** A query's exception ends with the backlog error it died of (`Query … terminated with exception: <msg>`). */
const BACKLOG_ENDINGS = Object.values(BACKLOG_MESSAGES).map((m) => `: ${m}`);

export class GenerationStatistics {
  readonly counts = new Map<string, number>();
  scenarios = 0;

  private bump(k: string): void {
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
  }

  /** Counts each label once per scenario; the corner labels need the run's trace events. Returns the labels. */
  record(sc: Scenario, summary: RunSummary, events?: readonly TraceEvent[]): readonly string[] {
    const labels = new Set<string>();
    labels.add(`mode:${sc.workload.mode}`);
    labels.add(`master:${sc.cluster.parsedMaster.kind}`);
    labels.add(`status:${summary.status}`);
    const perAttempt = new Map<string, Set<number>>();
    for (const t of summary.tasks) {
      labels.add(`reason:${t.reason}`);
      if (t.resubmitted) labels.add('reason:Resubmitted');
      const key = `${t.stageId}.${t.stageAttemptId}`;
      const indices = perAttempt.get(key) ?? new Set<number>();
      perAttempt.set(key, indices.add(t.index));
    }
    // More than 15 partitions launched in one stage attempt: DAGScheduler's submission line lists only the first 15.
    for (const indices of perAttempt.values()) if (indices.size > 15) labels.add('stage:wide');
    for (const j of summary.jobs) {
      if (j.result === 'JobSucceeded') labels.add('job:succeeded');
      else if (j.message?.includes(' times, most recent failure: ')) labels.add('abort:maxFailures');
      else if (j.message?.includes('has failed the maximum allowable number of times')) labels.add('abort:stageAttempts');
      else if (j.message?.includes(NO_STAGE_RETRY_MESSAGE)) labels.add('abort:noStageRetry');
    }
    if (summary.stages.some((s) => s.attemptId > 0)) labels.add('stage:retried');
    if (summary.query !== undefined) {
      labels.add(`query:${summary.query.status}:${sc.workload.mode}`);
      if (summary.query.runs > 1) labels.add(`restarted:${sc.workload.mode}`);
      if (BACKLOG_ENDINGS.some((m) => summary.query!.exception?.endsWith(m) === true)) labels.add('query:backlog');
    }
    if (sc.workload.mode === 'continuous') labels.add(`policy:${sc.workload.retryPolicy}`);
    if (sc.faults.length === 0) labels.add('faults:none');
    if (sc.faults.some((f) => f.kind === 'executorLost')) labels.add('fault:executorLost');
    if (events !== undefined) for (const l of cornerLabels(events)) labels.add(l);
    this.scenarios++;
    for (const l of labels) this.bump(l);
    return [...labels];
  }

  /** Scenarios recorded elsewhere (a campaign's worker threads): their number and each label's count. */
  recordTotals(scenarios: number, labels: Readonly<Record<string, number>>): void {
    this.scenarios += scenarios;
    for (const [l, n] of Object.entries(labels)) this.counts.set(l, (this.counts.get(l) ?? 0) + n);
  }

  get(label: string): number {
    return this.counts.get(label) ?? 0;
  }

  /** A label's share of the scenarios recorded, 0..1. */
  share(label: string): number {
    return this.get(label) / Math.max(1, this.scenarios);
  }

  /** The corners every campaign should reach at a meaningful share (a test asserts them). */
  static readonly CORNERS: readonly string[] = CORNER_LABELS;

  /** Labels every healthy campaign should show (a test asserts they are non-zero). */
  static readonly EXPECTED: readonly string[] = [
    'mode:batch',
    'mode:microBatch',
    'mode:continuous',
    'master:local',
    'master:cluster',
    'reason:Success',
    'reason:ExceptionFailure',
    'reason:TaskKilled',
    'reason:FetchFailed',
    'reason:TaskResultLost',
    'reason:TaskCommitDenied',
    'reason:UnknownReason',
    'reason:ExecutorLostFailure',
    'reason:Resubmitted',
    'abort:maxFailures',
    'abort:stageAttempts',
    'abort:noStageRetry',
    'job:succeeded',
    'stage:wide',
    'stage:retried',
    'restarted:microBatch',
    'restarted:continuous',
    'query:failed:microBatch',
    'query:completed:microBatch',
    'query:failed:continuous',
    'query:completed:continuous',
    'query:backlog',
    'policy:global',
    'fault:executorLost',
    'status:finished',
    'status:did-not-terminate',
  ];

  /** A table: label, count, share of scenarios. */
  format(): string {
    const rows = [...this.counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    return rows.map(([k, v]) => `  ${k.padEnd(30)} ${String(v).padStart(7)}  ${((100 * v) / Math.max(1, this.scenarios)).toFixed(1).padStart(5)}%`).join('\n');
  }
}
