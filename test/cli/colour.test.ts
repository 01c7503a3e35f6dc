// Colour on a terminal only (issue 13 §4): colour.ts decides from the stream and NO_COLOR /
// FORCE_COLOR; `srh check` colours its verdict only when its Io says it may.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCommand } from '../../src/cli/check-command.js';
import { paint, useColour } from '../../src/cli/colour.js';

const tmp = mkdtempSync(join(tmpdir(), 'srh-colour-'));

describe('useColour', () => {
  it('a terminal only, unless NO_COLOR or FORCE_COLOR says otherwise', () => {
    expect(useColour({ isTTY: true }, {})).toBe(true);
    expect(useColour({ isTTY: false }, {})).toBe(false);
    expect(useColour({}, {})).toBe(false);
    expect(useColour({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColour({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(useColour({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(useColour({ isTTY: true }, { FORCE_COLOR: '0' })).toBe(false);
    expect(useColour({ isTTY: false }, { FORCE_COLOR: '1', NO_COLOR: 'yes' })).toBe(false);
  });

  it('paint wraps the text only when on', () => {
    expect(paint('FAILED', 'red', true)).toBe('\x1b[31mFAILED\x1b[39m');
    expect(paint('FAILED', 'red', false)).toBe('FAILED');
    expect(paint('FAILED', 'red', undefined)).toBe('FAILED');
  });
});

describe('srh check: the verdict in colour', () => {
  const check = async (colour: boolean | undefined, corpus: string) => {
    let out = '';
    const io = { out: (t: string) => void (out += t), err: () => undefined, ...(colour === undefined ? {} : { colour }) };
    expect(await checkCommand({ runs: '20', seed: '1', corpus: join(tmp, corpus) }, io)).toBe(0);
    return out;
  };

  it('green on a terminal, plain elsewhere', async () => {
    expect(await check(true, 'a')).toContain('\x1b[32mall properties held\x1b[39m');
    const plain = await check(undefined, 'b');
    expect(plain).toContain('\nall properties held\n');
    expect(plain).not.toContain('\x1b[');
  });
});
