// Where the real-Spark backend's pieces are (ARCHITECTURE §7): the `java` command, the runner jar
// built from spark-runner/pom.xml, and the Spark jars (Maven's copy of Spark 3.2.0, or a user's
// own build given with --spark-jars). Each problem is one line naming what is missing and the fix.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RunnerLocation {
  java: string;
  runnerJar: string;
  /** The folder of Spark's jars (and their dependencies) the driver and executors load. */
  sparkJars: string;
}

/** The project's root: this file is src/backend/spark/ (or dist/src/backend/spark/) below it. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the project root above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

export const RUNNER_DIR = 'spark-runner';
export const BUILD_HINT = 'build it with `npm run build:spark` (mvn -B -q -f spark-runner/pom.xml package; needs Java 17 and Maven)';

/** The runner's location, or a one-line problem. */
export function locateRunner(sparkJarsOption?: string): RunnerLocation | string {
  const java = findJava();
  if (java === null)
    return 'the real backend needs Java (a `java` command, JDK 17): none was found on PATH or in JAVA_HOME; install OpenJDK 17 (apt-get install openjdk-17-jdk-headless) or use the simulator (--backend sim)';
  const root = projectRoot();
  const runnerJar = join(root, RUNNER_DIR, 'target', 'spark-runner.jar');
  if (!existsSync(runnerJar)) return `the Spark runner is not built (${runnerJar} is missing); ${BUILD_HINT}`;
  const sparkJars = sparkJarsOption === undefined ? join(root, RUNNER_DIR, 'target', 'jars') : resolve(sparkJarsOption);
  const jarsProblem = checkSparkJars(sparkJars, sparkJarsOption !== undefined);
  if (jarsProblem !== null) return jarsProblem;
  return { java, runnerJar, sparkJars };
}

function checkSparkJars(dir: string, fromOption: boolean): string | null {
  const fix = fromOption ? 'give --spark-jars the jars/ folder of a Spark 3.2 build (it holds spark-core_2.12-*.jar)' : BUILD_HINT;
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) return `--spark-jars ${dir} is not a directory; ${fix}`;
    names = readdirSync(dir);
  } catch {
    return `${fromOption ? '--spark-jars ' : 'the Spark jars folder '}${dir} does not exist; ${fix}`;
  }
  if (!names.some((n) => /^spark-core_2\.1[23]-.*\.jar$/.test(n))) return `${dir} holds no spark-core_2.12 jar; ${fix}`;
  if (!names.some((n) => /^spark-sql_2\.1[23]-.*\.jar$/.test(n))) return `${dir} holds no spark-sql_2.12 jar, which streaming scenarios need; ${fix}`;
  return null;
}

function findJava(): string | null {
  const candidates = [process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : null, 'java'].filter((c): c is string => c !== null);
  for (const c of candidates) {
    try {
      execFileSync(c, ['-version'], { stdio: 'ignore', timeout: 20_000 });
      return c;
    } catch {
      // try the next
    }
  }
  return null;
}

/**
 * The JVM module options Spark 3.3 adds by itself (launcher JavaModuleOptions) and 3.2.0 needs on
 * Java 17, for the driver; the runner gives executor JVMs the same (spark-runner JavaModules).
 */
export const JAVA_MODULE_OPTIONS = [
  '-XX:+IgnoreUnrecognizedVMOptions',
  ...[
    'java.lang',
    'java.lang.invoke',
    'java.lang.reflect',
    'java.io',
    'java.net',
    'java.nio',
    'java.util',
    'java.util.concurrent',
    'java.util.concurrent.atomic',
    'sun.nio.ch',
    'sun.nio.cs',
    'sun.security.action',
    'sun.util.calendar',
  ].map((p) => `--add-opens=java.base/${p}=ALL-UNNAMED`),
];
