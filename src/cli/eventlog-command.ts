// `srh eventlog check PATH...`: the invariants that need only a trace, run on real Spark event
// logs. Exit 0 when every log holds them all, 1 when one is violated, 2 when a log is unreadable.
import { ALL_INVARIANTS } from '../../properties/invariants/index.js';
import { isFragment, leaveOutEarlierEntities } from '../trace/event-log-fragment.js';
import { readEventLog } from '../trace/event-log-reader.js';
import { EXIT, type Io } from './io.js';

export function eventlogCheckCommand(paths: string[], opts: { json?: boolean }, io: Io): number {
  const invariants = ALL_INVARIANTS.filter((i) => i.needs === 'trace');
  let unreadable = 0;
  let violated = 0;
  const reports: unknown[] = [];
  for (const path of paths) {
    const read = readEventLog(path);
    if (!read.ok) {
      // One unreadable log does not hide the others' results: it is reported and the rest run.
      io.err(`srh eventlog check: ${read.error}\n`);
      if (opts.json) reports.push({ path, error: read.error });
      unreadable++;
      continue;
    }
    const fragment = isFragment(read.events) ? leaveOutEarlierEntities(read.events) : null;
    const ctx = { events: fragment?.events ?? read.events };
    const results = invariants.map((inv) => ({ id: inv.id, name: inv.name, violations: inv.check(ctx) }));
    const bad = results.filter((r) => r.violations.length > 0);
    if (bad.length > 0) violated++;
    const counts = countEvents(read.events);
    if (opts.json) {
      reports.push({ path, events: read.events.length, ...counts, ...(fragment ? { fragment: { leftOut: fragment.leftOut } } : {}), ...(read.cutOffLine ? { cutOff: read.cutOffLine } : {}), invariants: results.map((r) => ({ id: r.id, holds: r.violations.length === 0, violations: r.violations })) });
      continue;
    }
    io.out(`${path}: ${read.events.length} events, ${counts.jobs} jobs, ${counts.taskEnds} task ends; ${invariants.length - bad.length}/${invariants.length} trace invariants hold\n`);
    if (read.cutOffLine) io.out(`  line ${read.cutOffLine.line} of ${read.cutOffLine.file} is cut off, as in a log still being written; it is left out, as Spark's replay leaves it out\n`);
    if (fragment) io.out(`  a fragment (no SparkListenerApplicationStart; for a rolling log give its directory): ${fragment.leftOut} events of tasks, stages and jobs begun before it are left out\n`);
    for (const r of bad) {
      io.out(`  ${r.id} ${r.name}: ${r.violations.length} violation(s)\n`);
      for (const v of r.violations.slice(0, 5)) io.out(`    - ${v.message.split('\n')[0]}${v.eventIndex === undefined ? '' : ` (event ${v.eventIndex})`}\n`);
    }
  }
  if (opts.json) io.out(JSON.stringify(reports, null, 2) + '\n');
  return unreadable > 0 ? EXIT.badInput : violated > 0 ? EXIT.failed : EXIT.ok;
}

function countEvents(events: readonly { Event: string }[]): { jobs: number; taskEnds: number } {
  let jobs = 0;
  let taskEnds = 0;
  for (const e of events) {
    if (e.Event === 'SparkListenerJobStart') jobs++;
    else if (e.Event === 'SparkListenerTaskEnd') taskEnds++;
  }
  return { jobs, taskEnds };
}
