// Identifiers (spec §3, catalogue I1–I3, I23): TIDs, attempt numbers, names, index ↔ partition.
// I1–I3 are streaming checks (streaming.ts).
import { lostTaskMessage, taskName } from '../../src/spark/messages.js';
import { invariant } from './invariant.js';
import { atFirstJobEnd, perIndex, streamingInvariant } from './streaming.js';
import { factsOf, ownAttempt, ownKeyOf, TASK_ABORT } from './trace-facts.js';

export const tidsUnique = streamingInvariant(
  'I1',
  'tids-unique',
  'trace',
  'TIDs are unique per application and increase in TaskStart order (spec §3)',
  (_ctx, f, report) => {
    let last = -1;
    return {
      event(e, i) {
        if (e.Event !== 'SparkListenerTaskStart') return;
        const tid = e['Task Info']['Task ID'];
        if (f.duplicateStart) report(`TID ${tid} is launched twice`, i);
        else if (tid < last) report(`TID ${tid} starts after TID ${last}`, i);
        last = Math.max(last, tid);
      },
    };
  },
);

export const tidsConsecutive = invariant(
  'I1b',
  'tids-consecutive',
  'scenario',
  'TIDs in TaskStart order are 0, 1, 2, … with no gap (one counter per SparkContext, spec §3)',
  (ctx, report) => {
    factsOf(ctx.events).taskOrder.forEach((t, i) => {
      if (t.tid !== i) report(`the launch #${i} has TID ${t.tid}`, t.startIndex);
    });
  },
);

export const attemptsConsecutive = streamingInvariant(
  'I2',
  'attempts-consecutive',
  'trace',
  'in one stage attempt the attempts of an index are 0, 1, 2, … in TID order (spec §3)',
  (_ctx, f, report) => {
    const next = perIndex(() => ({ want: 0 }));
    return {
      resolved(t) {
        // A TaskStart the DAGScheduler posts after the stage's cancellation arrives once the stage
        // attempt is closed and its earlier attempts forgotten; I9 judges such a launch.
        const sa = f.stageAttempts.get(ownKeyOf(t));
        const lateAfterCancel =
          sa !== undefined &&
          sa.completedIndex !== null &&
          t.startIndex > sa.completedIndex &&
          /cancelled/.test(sa.failureReason ?? '') &&
          sa.completionTime !== null &&
          t.launchTime <= sa.completionTime;
        if (f.isClosed(ownKeyOf(t)) && lateAfterCancel) return;
        const s = next.get(ownKeyOf(t), t.index);
        if (t.attempt !== s.want)
          report(`task ${t.index}.${t.attempt} in stage ${t.stageId}.${ownAttempt(t)} (TID ${t.tid}): expected attempt ${s.want}`, t.startIndex);
        s.want = Math.max(s.want, t.attempt + 1);
      },
      closed: (key) => next.drop(key),
    };
  },
);

export const abortNamesItsTask = streamingInvariant(
  'I3',
  'abort-names-its-task',
  'trace',
  'a "failed N times" abort names a real task: its index, attempt, stage attempt, TID, host and executor (spec §4)',
  (ctx, f, report) =>
    atFirstJobEnd(f, (j) => {
      const m = j.message === null ? null : TASK_ABORT.exec(j.message);
      if (m === null) return;
      const lost = /^Lost task (\d+)\.(\d+) in stage (\d+)\.(\d+) \(TID (\d+)\) \((\S+) executor (\S+)\): /.exec(m[5]);
      if (lost === null) {
        // Pre-3.0 logs print "(TID n, host, …)": nothing to check there; a simulated run must use 3.2's form.
        if (ctx.scenario !== undefined)
          report(`job ${j.jobId}'s abort does not name its task as Spark 3.2 does: "${m[5].split('\n')[0].slice(0, 120)}"`, j.endIndexes[0]);
        return;
      }
      const t = f.tasks.get(Number(lost[5]));
      const where = j.endIndexes[0];
      if (t === undefined) {
        report(`job ${j.jobId}'s abort names TID ${lost[5]}, which never started`, where);
        return;
      }
      const expected = lostTaskMessage(taskName(t.index, t.attempt, t.stageId, ownAttempt(t), t.tid), t.host, t.executorId, '');
      if (!m[5].startsWith(expected))
        report(`job ${j.jobId}'s abort says "${m[5].split('\n')[0].slice(0, 120)}" but TID ${t.tid} was ${expected.trim()}`, where);
      if (Number(lost[1]) !== Number(m[1]) || lost[3] !== m[2] || lost[4] !== m[3])
        report(`job ${j.jobId}'s abort names task ${m[1]} of stage ${m[2]}.${m[3]} but its failure is ${lost[1]}.${lost[2]} in ${lost[3]}.${lost[4]}`, where);
    }),
);

// Scenario-only: a real job may name its partitions in any order (sc.runJob(rdd, f, Seq(3, 1))),
// and a result stage's task i runs the job's i-th partition, so real logs can break it.
export const indexIsPartitionRank = invariant(
  'I23',
  'index-is-partition-rank',
  'scenario',
  'in a stage attempt, index i runs the i-th missing partition, so indices and partitions rise together; attempt 0 of a full stage has index == partition (spec §3)',
  (ctx, report) => {
    const f = factsOf(ctx.events);
    if (!f.hasPartitions) return;
    const byTsm = new Map<string, Map<number, number>>();
    for (const t of f.taskOrder) {
      if (t.partition === null) continue;
      const key = ownKeyOf(t);
      const m = byTsm.get(key) ?? new Map<number, number>();
      byTsm.set(key, m);
      const known = m.get(t.index);
      if (known !== undefined && known !== t.partition) report(`index ${t.index} of stage ${key} runs partitions ${known} and ${t.partition}`, t.startIndex);
      m.set(t.index, t.partition);
    }
    for (const [key, m] of byTsm) {
      const pairs = [...m.entries()].sort((a, b) => a[0] - b[0]);
      for (let k = 1; k < pairs.length; k++) {
        if (pairs[k][1] <= pairs[k - 1][1])
          report(`stage ${key}: index ${pairs[k][0]} runs partition ${pairs[k][1]}, not above index ${pairs[k - 1][0]}'s partition ${pairs[k - 1][1]}`);
      }
      const sa = f.stageAttempts.get(key);
      if (sa !== undefined && sa.attemptId === 0) {
        const full = pairs.length > 0 && sa.numTasks > 0 && pairs.every(([i, p]) => i === p);
        const maxPartition = pairs.length === 0 ? -1 : pairs[pairs.length - 1][1];
        if (!full && maxPartition === sa.numTasks - 1 && pairs.length === sa.numTasks) report(`stage ${key} runs every partition but index != partition`);
      }
    }
  },
);
