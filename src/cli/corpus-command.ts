// `srh corpus list [DIR]` and `srh corpus check [DIR]`: the regression corpus (ARCHITECTURE §6).
// check re-runs each entry's scenario and its property, which must now hold.
import { corpusDirProblem, loadCorpus } from '../harness/corpus-store.js';
import { checkScenario, selectProperties } from '../harness/property-catalogue.js';
import { InvalidGeneratedScenario } from '../harness/scenario-run.js';
import { EXIT, type Io } from './io.js';
import { openSparkBackend, type BackendOptions } from './backend-options.js';
import { replayRealEntry } from './real-check.js';
import type { SparkBackend } from '../backend/spark/spark-backend.js';

export function corpusListCommand(dir: string, io: Io): number {
  const problem = corpusDirProblem(dir, true);
  if (problem !== null) {
    io.err(`srh corpus list: ${problem}\n`);
    return EXIT.badInput;
  }
  let bad = false;
  for (const e of loadCorpus(dir)) {
    if ('error' in e) {
      io.err(`${e.file}: ${e.error}\n`);
      bad = true;
    } else io.out(`${[e.file, e.entry.property, e.entry.found === undefined ? '' : `found ${e.entry.found}`, e.entry.note ?? ''].filter((x) => x !== '').join('  ')}\n`);
  }
  return bad ? EXIT.badInput : EXIT.ok;
}

export async function corpusCheckCommand(dir: string, io: Io, backendOptions: BackendOptions = {}): Promise<number> {
  const problem = corpusDirProblem(dir, true);
  if (problem !== null) {
    io.err(`srh corpus check: ${problem}\n`);
    return EXIT.badInput;
  }
  let failed = 0;
  let bad = 0;
  let held = 0;
  let real: SparkBackend | null | undefined;
  for (const e of loadCorpus(dir)) {
    if ('error' in e) {
      io.err(`${e.file}: ${e.error}\n`);
      bad++;
      continue;
    }
    if (e.entry.backend === 'spark') {
      // Found on real Spark: replayed there (issue 10 §6); the backend opens at the first such entry.
      real ??= openSparkBackend('srh corpus check', backendOptions, io);
      if (real === null) {
        io.err(`${e.file}: an entry found on real Spark, which cannot run here (see above)\n`);
        bad++;
        continue;
      }
      const r = await replayRealEntry(e.entry, real);
      if ('error' in r) {
        io.err(`${e.file}: the real run failed: ${r.error}\n`);
        bad++;
      } else if (r.violations.length === 0) held++;
      else {
        failed++;
        io.out(`FAIL ${e.file} (${e.entry.property}, real Spark): ${r.violations[0]}\n`);
      }
      continue;
    }
    const [p] = selectProperties(e.entry.property);
    if (p === undefined) {
      io.err(`${e.file}: property: unknown property "${e.entry.property}"; fix the entry's "property"\n`);
      bad++;
      continue;
    }
    let violations: string[];
    try {
      violations = checkScenario(p, e.entry.scenario);
    } catch (err) {
      if (!(err instanceof InvalidGeneratedScenario)) throw err;
      io.err(`${e.file}: scenario: ${err.message}\n`);
      bad++;
      continue;
    }
    if (violations.length === 0) held++;
    else {
      failed++;
      io.out(`FAIL ${e.file} (${p.id}): ${violations[0].split('\n')[0]}\n`);
    }
  }
  await real?.close();
  io.out(`${held} passed, ${failed} failed${bad > 0 ? `, ${bad} unreadable` : ''}\n`);
  return bad > 0 ? EXIT.badInput : failed > 0 ? EXIT.failed : EXIT.ok;
}
