// Strict JSON for scenario and corpus files (src/scenario/strict-json.ts): JSON.parse's value and
// syntax errors, plus the first repeated key of an object, with its JSON path and positions.
import { describe, expect, it } from 'vitest';
import { duplicateKeyMessage, findDuplicateKey, parseStrictJson } from '../../src/scenario/strict-json.js';

describe('parseStrictJson', () => {
  it("gives JSON.parse's value when no object repeats a key", () => {
    const text = '\uFEFF{"a": [1, {"b": "x\\"y", "c": null}], "d": {"a": 1, "b": {"a": 2}}, "e": ["a", "a"]}';
    expect(parseStrictJson(text)).toEqual({ ok: true, value: JSON.parse(text.slice(1)) });
  });

  it('gives the syntax error of JSON.parse', () => {
    const r = parseStrictJson('{"a": 1,,}');
    expect(r.ok === false && 'syntax' in r && r.syntax).toBeInstanceOf(SyntaxError);
  });

  it('finds a repeated top-level key, with both positions', () => {
    const r = parseStrictJson('{\n  "seed": 1,\n  "scenario": 1,\n  "seed": 2\n}');
    expect(r).toEqual({ ok: false, duplicate: { path: ['seed'], key: 'seed', first: { line: 2, column: 3 }, again: { line: 4, column: 3 } } });
  });

  it('names the path of a repeat deep in arrays and objects', () => {
    const text = JSON.stringify({ workload: { rdds: [{ id: 0 }, { id: 1 }] }, faults: [{}, { task: { partition: 1 } }] }).replace(
      '{"partition":1}',
      '{"partition":1,"attempt":0,"partition":2}',
    );
    expect(findDuplicateKey(text)?.path).toEqual(['faults', 1, 'task', 'partition']);
  });

  it('compares keys after unescaping, as JSON.parse does', () => {
    expect(findDuplicateKey('{"seed": 1, "se\\u0065d": 2}')?.key).toBe('seed');
    expect(findDuplicateKey('{"a\\"": 1, "a": 2}')).toBeNull();
  });

  it('does not mistake string values, brackets inside strings or sibling objects for repeats', () => {
    expect(findDuplicateKey('{"a": "a", "b": "{\\"a\\": [", "c": [{"a": 1}, {"a": 2}], "d": {"a": {"a": 1}}}')).toBeNull();
  });

  it('says the fix in one line', () => {
    const r = parseStrictJson('{"a": 1, "a": 2}');
    if (r.ok || !('duplicate' in r)) throw new Error('expected a duplicate');
    expect(duplicateKeyMessage(r.duplicate)).toBe(
      'duplicate key "a" (line 1, column 2, again at line 1, column 10); JSON would keep only the last value: remove one of them',
    );
  });
});
