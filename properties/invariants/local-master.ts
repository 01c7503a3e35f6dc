// Local mode (spec §2, §9; catalogue I20), a streaming check (streaming.ts). Whether a real log is
// local (its only executor is "driver") is known at its end, so the tasks that would break it are
// kept until then: at most CAP of them (a log with that many has long shown an executor of its own).
import { streamingInvariant } from './streaming.js';

const CAP = 10_000;

export const localMode = streamingInvariant(
  'I20',
  'local-mode',
  'trace',
  'an application whose only executor is "driver" has one host and no ExecutorLostFailure; with a local master the simulator never uses another executor (spec §2, §9)',
  (ctx, f, report) => {
    const hosts = new Set<string>();
    const suspects: { message: string; at: number }[] = [];
    let notLocal = false;
    const keep = (message: string, at: number) => {
      if (suspects.length < CAP) suspects.push({ message, at });
    };
    return {
      event(e, i) {
        if (e.Event === 'SparkListenerExecutorAdded' && e['Executor ID'] !== 'driver' && ctx.scenario === undefined) {
          notLocal = true;
          suspects.length = 0;
          hosts.clear();
        }
        if (notLocal) return;
        if (e.Event === 'SparkListenerTaskStart') {
          const ti = e['Task Info'];
          if (hosts.size <= CAP) hosts.add(ti.Host);
          if (ti['Executor ID'] !== 'driver') keep(`TID ${ti['Task ID']} runs on executor ${ti['Executor ID']} in local mode`, i);
        }
        if (e.Event === 'SparkListenerTaskEnd' && e['Task End Reason'].Reason === 'ExecutorLostFailure' && f.tasks.has(e['Task Info']['Task ID']))
          keep(`TID ${e['Task Info']['Task ID']} ends ExecutorLostFailure in local mode`, i);
      },
      end() {
        const local = ctx.scenario ? ctx.scenario.cluster.parsedMaster.kind === 'local' : !notLocal && f.executorCores.size > 0;
        if (!local) return;
        for (const s of suspects) report(s.message, s.at);
        if (hosts.size > 1) report(`local mode runs on ${hosts.size} hosts: ${[...hosts].join(', ')}`);
      },
    };
  },
);
