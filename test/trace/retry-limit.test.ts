// maxTaskFailures from an event log's environment (issue 12 §2; spec §2): every master form Spark's
// createTaskScheduler knows, the default, an override, and the cases where it is unknown.
import { describe, expect, it } from 'vitest';
import { retryLimitOf, sparkProperties } from '../../src/trace/retry-limit.js';

const env = (props: Record<string, string>) => new Map(Object.entries(props));

describe('retryLimitOf', () => {
  it.each([
    ['local', 1],
    ['local[4]', 1],
    ['local[*]', 1],
    ['local[4,3]', 3],
    ['local[*, 5]', 5],
  ])('master %s gives %i, whatever spark.task.maxFailures says', (master, want) => {
    expect(retryLimitOf(env({ 'spark.master': master, 'spark.task.maxFailures': '9' }), null)).toEqual({ value: want, source: `spark.master ${master}` });
  });

  it('other masters take spark.task.maxFailures, 4 by default', () => {
    expect(retryLimitOf(env({ 'spark.master': 'yarn', 'spark.task.maxFailures': '7' }), null).value).toBe(7);
    expect(retryLimitOf(env({ 'spark.master': 'local-cluster[2,1,1024]' }), null)).toEqual({
      value: 4,
      source: 'spark.task.maxFailures default (master local-cluster[2,1,1024])',
    });
  });

  it('--max-failures overrides the environment', () => {
    expect(retryLimitOf(env({ 'spark.master': 'local[*]' }), 6)).toEqual({ value: 6, source: '--max-failures' });
  });

  it('is unknown, with the fix, without an environment, a master, or with a redacted one', () => {
    for (const props of [null, env({}), env({ 'spark.master': '*********(redacted)' }), env({ 'spark.master': 'yarn', 'spark.task.maxFailures': 'x' })]) {
      const r = retryLimitOf(props, null);
      expect(r.value).toBeNull();
      expect(r.source).toMatch(/^unknown: .*; give --max-failures N to check the retry limit$/);
    }
  });

  it('reads Spark Properties as an object or as pairs', () => {
    expect(sparkProperties({ 'Spark Properties': { 'spark.master': 'yarn' } }).get('spark.master')).toBe('yarn');
    expect(sparkProperties({ 'Spark Properties': [['spark.master', 'local']] }).get('spark.master')).toBe('local');
  });
});
