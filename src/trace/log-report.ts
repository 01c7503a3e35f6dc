// The per-application report of `srh eventlog check` (issue 12 §1): built one event at a time, so a
// log of any size is summed up in the memory of its running stage attempts. Its JSON form is
// documented in the README ("srh eventlog check"); fields are only ever added.
import type { TraceEvent } from './events.js';

export interface RetriedIndex {
  stage: number;
  stageAttempt: number;
  index: number;
  attempts: number;
  /** The TaskEnd reasons of the index's attempts, in log order (Resubmitted included). */
  reasons: string[];
}

export interface ApplicationReport {
  application: { id: string | null; name: string | null; sparkVersion: string | null; master: string | null };
  jobs: { total: number; succeeded: number; failed: number; running: number; withoutStart: number[] };
  stages: { total: number; attempts: number; failedAttempts: { stage: number; attempt: number; reason: string }[] };
  tasks: { attempts: number; ends: Record<string, number> };
  retriedIndices: RetriedIndex[];
  aborts: { job: number; message: string; line: number }[];
  executorLosses: { executor: string; reason: string | null; line: number }[];
}

type Ev<N extends TraceEvent['Event']> = Extract<TraceEvent, { Event: N }>;
type Loose = Record<string, unknown>;

interface IndexStory {
  attempts: number;
  /** The end reasons so far: one string until there is a second. */
  reasons: string[] | string | null;
}

const reasonList = (r: IndexStory['reasons']): string[] => (r === null ? [] : typeof r === 'string' ? [r] : r);

/** Folds a log's events into its report; `line` is where the event is, for the report's pointers. */
export class ReportBuilder {
  private readonly r: ApplicationReport = {
    application: { id: null, name: null, sparkVersion: null, master: null },
    jobs: { total: 0, succeeded: 0, failed: 0, running: 0, withoutStart: [] },
    stages: { total: 0, attempts: 0, failedAttempts: [] },
    tasks: { attempts: 0, ends: {} },
    retriedIndices: [],
    aborts: [],
    executorLosses: [],
  };
  private readonly started = new Set<number>();
  private readonly ended = new Set<number>();
  private readonly stages = new Set<number>();
  /** Per running stage attempt ("stage.attempt"), per index: its attempts so far. */
  private readonly live = new Map<string, Map<number, IndexStory>>();
  /** Retried indices of completed stage attempts, for the ends of their late tasks. */
  private readonly retried = new Map<string, RetriedIndex>();
  private readonly completed = new Set<string>();

  event(e: TraceEvent, line: number): void {
    switch (e.Event) {
      case 'SparkListenerLogStart':
        this.r.application.sparkVersion = e['Spark Version'] ?? null;
        return;
      case 'SparkListenerApplicationStart':
        this.r.application.id = e['App ID'] ?? null;
        this.r.application.name = e['App Name'] ?? null;
        return;
      case 'SparkListenerJobStart':
        this.started.add(e['Job ID']);
        return;
      case 'SparkListenerJobEnd':
        return this.jobEnd(e, line);
      case 'SparkListenerStageSubmitted':
        return this.stageSubmitted(e);
      case 'SparkListenerStageCompleted':
        return this.stageCompleted(e);
      case 'SparkListenerTaskStart':
        return this.taskStart(e);
      case 'SparkListenerTaskEnd':
        return this.taskEnd(e);
      case 'SparkListenerExecutorRemoved':
        this.r.executorLosses.push({ executor: e['Executor ID'], reason: e['Removed Reason'] ?? null, line });
        return;
      default:
        if ((e.Event as string) === 'SparkListenerEnvironmentUpdate') this.environment(e as unknown as Loose);
    }
  }

  private environment(e: Loose): void {
    const props = e['Spark Properties'];
    const master = Array.isArray(props) ? props.find((p) => Array.isArray(p) && p[0] === 'spark.master')?.[1] : (props as Loose | undefined)?.['spark.master'];
    if (typeof master === 'string') this.r.application.master = master;
  }

  private jobEnd(e: Ev<'SparkListenerJobEnd'>, line: number): void {
    const id = e['Job ID'];
    if (this.ended.has(id)) return;
    this.ended.add(id);
    if (!this.started.has(id)) this.r.jobs.withoutStart.push(id);
    const result = e['Job Result'];
    if (result.Result === 'JobSucceeded') this.r.jobs.succeeded++;
    else this.r.jobs.failed++;
    const message = (result as { Exception?: { Message?: string } }).Exception?.Message;
    if (result.Result === 'JobFailed' && typeof message === 'string' && message.startsWith('Job aborted due to stage failure: '))
      this.r.aborts.push({ job: id, message, line });
  }

  private stageSubmitted(e: Ev<'SparkListenerStageSubmitted'>): void {
    const si = e['Stage Info'];
    this.stages.add(si['Stage ID']);
    this.r.stages.attempts++;
    const key = `${si['Stage ID']}.${si['Stage Attempt ID']}`;
    if (!this.live.has(key)) this.live.set(key, new Map());
  }

  private stageCompleted(e: Ev<'SparkListenerStageCompleted'>): void {
    const si = e['Stage Info'];
    const reason = si['Failure Reason'];
    if (typeof reason === 'string') this.r.stages.failedAttempts.push({ stage: si['Stage ID'], attempt: si['Stage Attempt ID'], reason });
    const key = `${si['Stage ID']}.${si['Stage Attempt ID']}`;
    const indexes = this.live.get(key);
    this.completed.add(key);
    this.last = { stage: -1, attempt: -1, indexes: null };
    if (indexes === undefined) return;
    this.live.delete(key);
    for (const [index, story] of indexes) this.keepIfRetried(si['Stage ID'], si['Stage Attempt ID'], index, story);
  }

  private keepIfRetried(stage: number, stageAttempt: number, index: number, story: IndexStory): void {
    if (story.attempts < 2) return;
    const entry = { stage, stageAttempt, index, attempts: story.attempts, reasons: reasonList(story.reasons) };
    this.r.retriedIndices.push(entry);
    this.retried.set(`${stage}.${stageAttempt}/${index}`, entry);
  }

  private storyOf(stage: number, attempt: number, index: number): IndexStory | RetriedIndex {
    const indexes = this.indexesOf(stage, attempt);
    if (indexes === null) return this.retried.get(`${stage}.${attempt}/${index}`) ?? { attempts: 0, reasons: null };
    let story = indexes.get(index);
    if (story === undefined) indexes.set(index, (story = { attempts: 0, reasons: null }));
    return story;
  }

  private last: { stage: number; attempt: number; indexes: Map<number, IndexStory> | null } = { stage: -1, attempt: -1, indexes: null };

  /** A stage attempt's running indexes, or null once it completed (its retried ones are then in `retried`). */
  private indexesOf(stage: number, attempt: number): Map<number, IndexStory> | null {
    const l = this.last;
    if (l.stage === stage && l.attempt === attempt && (l.indexes === null || this.live.get(`${stage}.${attempt}`) === l.indexes)) return l.indexes;
    const key = `${stage}.${attempt}`;
    let indexes = this.live.get(key) ?? null;
    if (indexes === null && !this.completed.has(key)) this.live.set(key, (indexes = new Map()));
    this.last = { stage, attempt, indexes };
    return indexes;
  }

  private taskStart(e: Ev<'SparkListenerTaskStart'>): void {
    this.r.tasks.attempts++;
    this.storyOf(e['Stage ID'], e['Stage Attempt ID'], e['Task Info'].Index).attempts++;
  }

  private taskEnd(e: Ev<'SparkListenerTaskEnd'>): void {
    const reason = e['Task End Reason'].Reason;
    this.r.tasks.ends[reason] = (this.r.tasks.ends[reason] ?? 0) + 1;
    const story = this.storyOf(e['Stage ID'], e['Stage Attempt ID'], e['Task Info'].Index);
    if (Array.isArray(story.reasons)) story.reasons.push(reason);
    else story.reasons = story.reasons === null ? reason : [story.reasons, reason];
  }

  /** The report, once every event was folded in. */
  finish(): ApplicationReport {
    for (const [key, indexes] of this.live) {
      const [stage, attempt] = key.split('.').map(Number);
      for (const [index, story] of indexes) this.keepIfRetried(stage, attempt, index, story);
    }
    this.live.clear();
    this.r.retriedIndices.sort((a, b) => a.stage - b.stage || a.stageAttempt - b.stageAttempt || a.index - b.index);
    this.r.stages.total = this.stages.size;
    this.r.jobs.total = new Set([...this.started, ...this.ended]).size;
    this.r.jobs.running = [...this.started].filter((j) => !this.ended.has(j)).length;
    return this.r;
  }
}
