// `npm run bench`: the simulator's hot path, measured (issue 2's figures).
//  1. Simulated task attempts per second: a 3-stage job, 1,000 partitions per stage, 10% of the
//     tasks failing once (transient), trace recorded.
//  2. Time and peak memory of a 100,000-task job, in a fresh child process so the peak is its own.
//  3. `srh eventlog check` on large generated logs against a JSON.parse floor (issue 12, eventlog.ts).
// `npm run bench -- --eventlog` runs only the last; `npm run bench -- --spark` only real Spark (real-spark.ts);
// `npm run bench -- --shrink [--seeds N] [--mutant ID]` only shrinking quality (shrink-quality.ts);
// `npm run bench -- --workers` only a campaign on 1 worker against every core (workers.ts).
//  Then property throughput, and continuous runs of 20,000 and 80,000 1 ms epochs (continuous-epochs.ts).
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { continuousEpochScaling } from './continuous-epochs.js';
import { scenarioArbitrary, SMALL } from '../properties/arbitraries/scenario.js';
import { ALL_PROPERTIES } from '../src/harness/property-catalogue.js';
import { runScenario } from '../src/harness/scenario-run.js';
import { fileURLToPath } from 'node:url';
import { validateScenario } from '../src/scenario/validate.js';
import { eventlogBench, eventlogChild } from './eventlog.js';
import type { Scenario } from '../src/scenario/types.js';
import { simulate } from '../src/simulate.js';
import { realSparkBench } from './real-spark.js';
import { shrinkBench } from './shrink-quality.js';
import { workersBench } from './workers.js';

export function threeStageScenario(seed: number): Scenario {
  const partitions = 1000;
  const faults: unknown[] = [];
  // Every 10th (stage, partition) fails its first attempt: 10% transient failures.
  for (let stage = 0; stage < 3; stage++) {
    for (let p = stage; p < partitions; p += 10) {
      faults.push({
        task: { stage, partition: p, attempt: 0 },
        fail: { reason: 'ExceptionFailure', className: 'java.lang.RuntimeException', description: 'transient' },
      });
    }
  }
  return mustValidate({
    scenario: 1,
    name: 'bench: 3 stages x 1000 partitions, 10% transient failures',
    seed,
    cluster: { master: 'local[8,4]' },
    workload: {
      mode: 'batch',
      rdds: [
        { id: 0, partitions },
        { id: 1, partitions, deps: [{ rdd: 0, type: 'shuffle' }] },
        { id: 2, partitions, deps: [{ rdd: 1, type: 'shuffle' }] },
      ],
      jobs: [{ rdd: 2 }],
    },
    faults,
  });
}

export function bigJobScenario(): Scenario {
  return mustValidate({
    scenario: 1,
    name: 'bench: one stage of 100,000 tasks',
    seed: 1,
    cluster: { master: 'local[16]' },
    workload: { mode: 'batch', rdds: [{ id: 0, partitions: 100_000 }], jobs: [{ rdd: 0 }] },
    faults: [],
    limits: { maxEvents: 1_000_000 },
  });
}

function mustValidate(json: unknown): Scenario {
  const r = validateScenario(json);
  if (!r.ok) throw new Error(`bench scenario is invalid: ${JSON.stringify(r.errors)}`);
  return r.scenario;
}

function countAttempts(events: readonly { Event: string }[]): number {
  let n = 0;
  for (const e of events) if (e.Event === 'SparkListenerTaskStart') n++;
  return n;
}

function attemptsPerSecond(): { attempts: number; seconds: number; rate: number } {
  // Scenarios are validated before the clock starts: only simulation is timed.
  const scenarios = Array.from({ length: 8 }, (_, i) => threeStageScenario(100 + i));
  for (let i = 0; i < 3; i++) simulate(scenarios[i]); // JIT warm-up
  let attempts = 0;
  const t0 = process.hrtime.bigint();
  let runs = 0;
  let elapsed = 0;
  while (elapsed < 2 || runs < 5) {
    const { trace } = simulate(scenarios[runs % scenarios.length]);
    attempts += countAttempts(trace.events);
    runs++;
    elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  }
  return { attempts, seconds: elapsed, rate: attempts / elapsed };
}

function bigJobChild(): void {
  const t0 = process.hrtime.bigint();
  const { trace } = simulate(bigJobScenario());
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ tasks: countAttempts(trace.events), events: trace.events.length, seconds, peakMb }));
}

/**
 * End-to-end property throughput (issue 4): small generated scenarios per second through
 * generate + simulate + model + every invariant (+ the 5% determinism re-run), against fast-check
 * generating the same scenarios alone.
 */
function propertyThroughput(): { scenarios: number; generateOnlyPerS: number; fullPerS: number; ratio: number } {
  const n = 10_000;
  const arbitrary = scenarioArbitrary(SMALL);
  // JIT warm-up of both paths: campaigns run at steady state, so both are measured there.
  for (const input of fc.sample(arbitrary, { seed: 1, numRuns: 3_000 })) checkAll(input);
  // Best of three alternating rounds, each on its own seed, so a GC pause or a busy neighbour in
  // one round does not decide the ratio.
  let generateS = Infinity;
  let fullS = Infinity;
  for (let round = 0; round < 3; round++) {
    const seed = 42 + round;
    const g0 = process.hrtime.bigint();
    fc.sample(arbitrary, { seed, numRuns: n });
    generateS = Math.min(generateS, Number(process.hrtime.bigint() - g0) / 1e9);
    const t0 = process.hrtime.bigint();
    for (const input of fc.sample(arbitrary, { seed, numRuns: n })) checkAll(input);
    fullS = Math.min(fullS, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return { scenarios: n, generateOnlyPerS: n / generateS, fullPerS: n / fullS, ratio: fullS / generateS };
}

function checkAll(input: Parameters<typeof runScenario>[0]): void {
  const run = runScenario(input);
  for (const p of ALL_PROPERTIES) {
    if (p.applies && !p.applies(run)) continue;
    const v = p.check(run);
    if (v.length > 0) throw new Error(`bench scenario violates ${p.id}: ${v[0]}`);
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === '--big-job-child') return bigJobChild();
  if (process.argv[2] === '--eventlog-child') return eventlogChild(process.argv[3], process.argv[4]);
  if (process.argv[2] === '--eventlog') return eventlogBench();
  if (process.argv[2] === '--spark') return realSparkBench();
  if (process.argv[2] === '--shrink') return shrinkBench(process.argv.slice(3));
  if (process.argv[2] === '--workers') return workersBench();
  const a = attemptsPerSecond();
  console.log(`3-stage job, 3 x 1,000 partitions, 10% transient failures, trace recorded:`);
  console.log(`  ${a.attempts} attempts in ${a.seconds.toFixed(2)} s = ${Math.round(a.rate).toLocaleString('en-US')} attempts/s (target >= 500,000)`);
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--big-job-child'], { encoding: 'utf8' });
  const b = JSON.parse(out) as { tasks: number; events: number; seconds: number; peakMb: number };
  console.log(`100,000-task job (one stage, local[16]), trace recorded:`);
  console.log(`  ${b.tasks} tasks, ${b.events} events in ${b.seconds.toFixed(2)} s, peak RSS ${b.peakMb.toFixed(0)} MB (target < 300 MB)`);
  const p = propertyThroughput();
  console.log(`property throughput, ${p.scenarios} small generated scenarios (<= 5 RDDs, <= 8 partitions):`);
  console.log(
    `  generation alone ${Math.round(p.generateOnlyPerS).toLocaleString('en-US')} /s; generate + simulate + model + all invariants ${Math.round(p.fullPerS).toLocaleString('en-US')} /s (target >= 2,000 /s)`,
  );
  console.log(`  the whole check costs ${p.ratio.toFixed(1)}x generation alone (target <= 4x)`);
  await workersBench();
  const c = continuousEpochScaling();
  console.log(
    `continuous, 1 ms epochs over 2 partitions: ${c.runs.map((r) => `${r.epochs} epochs ${r.seconds.toFixed(2)} s (${r.events} events)`).join('; ')}`,
  );
  console.log(`  time per epoch at 80,000 / at 20,000: ${c.perEpochRatio.toFixed(2)} (linear: about 1)`);
  await realSparkBench();
}

main();
