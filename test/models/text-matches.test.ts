// The model's template matcher agrees with the regular expression each template stands for.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textMatches, type Hole, type Text } from '../../models/prediction.js';

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const HOLE_REGEX: Record<Exclude<Hole['hole'], 'oneOf'>, string> = {
  number: '-?\\d+',
  id: '[^\\],\\n]+',
  frames: '(?:\\tat [^\\n]*\\n)*',
  rest: '[\\s\\S]*',
};
function oracle(t: Extract<Text, { kind: 'template' }>): RegExp {
  const body = t.parts
    .map((p) => (typeof p === 'string' ? escapeRegex(p) : p.hole === 'oneOf' ? `(?:${p.options.map(escapeRegex).join('|')})` : HOLE_REGEX[p.hole]))
    .join('');
  return new RegExp(`^${body}$`);
}

// A small alphabet, so literals, numbers, ids and frames collide often.
const chunk = fc.constantFrom('a', '-', '1', '23', ']', ',', '\n', '\tat x(Y.scala:1)\n', ' ', 'at');
const literal = fc.array(chunk, { minLength: 1, maxLength: 3 }).map((c) => c.join(''));
const hole: fc.Arbitrary<Hole> = fc.oneof(
  fc.constantFrom<Hole>({ hole: 'number' }, { hole: 'id' }, { hole: 'frames' }, { hole: 'rest' }),
  fc.array(literal, { minLength: 1, maxLength: 3 }).map((options): Hole => ({ hole: 'oneOf', options })),
);
const template = fc.array(fc.oneof(literal, hole), { maxLength: 5 }).map((parts): Extract<Text, { kind: 'template' }> => ({ kind: 'template', parts }));
const text = fc.array(chunk, { maxLength: 8 }).map((c) => c.join(''));

describe('textMatches', () => {
  it('agrees with the regular expression of the template', () => {
    fc.assert(
      fc.property(template, text, (t, s) => {
        expect(textMatches(t, s)).toBe(oracle(t).test(s));
      }),
      { seed: 11, numRuns: 5000 },
    );
  });

  it('agrees on strings the template renders to', () => {
    const render = (t: Extract<Text, { kind: 'template' }>, pick: number[]) =>
      t.parts
        .map((p, i) =>
          typeof p === 'string'
            ? p
            : p.hole === 'number'
              ? String(pick[i] - 5)
              : p.hole === 'id'
                ? 'q-1'
                : p.hole === 'frames'
                  ? '\tat a(B.scala:2)\n'.repeat(pick[i] % 3)
                  : p.hole === 'rest'
                    ? 'x\n'.repeat(pick[i] % 2)
                    : p.options[pick[i] % p.options.length],
        )
        .join('');
    fc.assert(
      fc.property(template, fc.array(fc.nat(20), { minLength: 5, maxLength: 5 }), (t, pick) => {
        const s = render(t, pick);
        expect(textMatches(t, s)).toBe(oracle(t).test(s));
        expect(textMatches(t, s)).toBe(true);
      }),
      { seed: 12, numRuns: 2000 },
    );
  });

  it('an "any" text allows everything but its exceptions', () => {
    const t: Text = { kind: 'any', except: [{ pattern: '^Job aborted', why: 'not a task abort' }] };
    expect(textMatches(t, 'Job 0 cancelled')).toBe(true);
    expect(textMatches(t, 'Job aborted due to stage failure: x')).toBe(false);
  });
});
