// Strict JSON for scenario and corpus files (ARCHITECTURE §3: unknown keys are errors, and so are
// duplicate keys). JSON.parse keeps the last of two equal keys without a word, so a scenario that
// says "seed" twice would run a seed its author may not have meant. JSON.parse checks the syntax
// and builds the value; a small scanner over the same (then known valid) text finds the first
// key an object repeats, compared after unescaping as JSON.parse compares them.

export type JsonPath = (string | number)[];

export interface DuplicateKey {
  /** The JSON path of the repeated key, itself included. */
  path: JsonPath;
  key: string;
  first: TextPosition;
  again: TextPosition;
}

export interface TextPosition {
  line: number;
  column: number;
}

export type StrictJsonResult = { ok: true; value: unknown } | { ok: false; syntax: Error } | { ok: false; duplicate: DuplicateKey };

/** Parses `text` (a leading byte-order mark skipped, as editors on Windows may save one). */
export function parseStrictJson(text: string): StrictJsonResult {
  const body = text.replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    return { ok: false, syntax: e as Error };
  }
  const duplicate = findDuplicateKey(body);
  return duplicate === null ? { ok: true, value } : { ok: false, duplicate };
}

interface ObjectFrame {
  kind: 'object';
  keys: Map<string, number>;
  /** The key whose value comes next or is being read. */
  key: string;
  expectKey: boolean;
}

interface ArrayFrame {
  kind: 'array';
  index: number;
}

type Frame = ObjectFrame | ArrayFrame;

/** The first repeated key of an object in `text`, which must be valid JSON; null when none. */
export function findDuplicateKey(text: string): DuplicateKey | null {
  const frames: Frame[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      const top = frames[frames.length - 1];
      if (top?.kind === 'object' && top.expectKey) {
        const dup = takeKey(text, top, frames, i, end);
        if (dup !== null) return dup;
      }
      i = end;
      continue;
    }
    if (c === '{') frames.push({ kind: 'object', keys: new Map(), key: '', expectKey: true });
    else if (c === '[') frames.push({ kind: 'array', index: 0 });
    else if (c === '}' || c === ']') frames.pop();
    else if (c === ',') separate(frames[frames.length - 1]);
    i++;
  }
  return null;
}

/** Records the key token text[start, end) in `top`; a repeat gives its duplicate. */
function takeKey(text: string, top: ObjectFrame, frames: readonly Frame[], start: number, end: number): DuplicateKey | null {
  const key = JSON.parse(text.slice(start, end)) as string;
  top.expectKey = false;
  top.key = key;
  const seen = top.keys.get(key);
  if (seen === undefined) {
    top.keys.set(key, start);
    return null;
  }
  return { path: [...frames.map(segment)], key, first: positionOf(text, seen), again: positionOf(text, start) };
}

function separate(top: Frame | undefined): void {
  if (top === undefined) return;
  if (top.kind === 'array') top.index++;
  else top.expectKey = true;
}

function segment(f: Frame): string | number {
  return f.kind === 'object' ? f.key : f.index;
}

/** The index just past the closing quote of the string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

function positionOf(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset; k++) {
    if (text.charCodeAt(k) === 10) {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** One line for an error: where the key is repeated and what to do. */
export function duplicateKeyMessage(d: DuplicateKey): string {
  return (
    `duplicate key ${JSON.stringify(d.key)} (line ${d.first.line}, column ${d.first.column}, again at line ${d.again.line}, column ${d.again.column}); ` +
    'JSON would keep only the last value: remove one of them'
  );
}
