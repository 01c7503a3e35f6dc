// The deterministic kernel: seeded random streams forked by name, and the event queue's order.
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/sim/event-queue.js';
import { randomStreams, shuffleInPlace } from '../../src/sim/random-streams.js';

describe('random streams', () => {
  it('the same seed and name give the same numbers', () => {
    const a = randomStreams(5).fork('offers');
    const b = randomStreams(5).fork('offers');
    expect(Array.from({ length: 10 }, () => a.next())).toEqual(Array.from({ length: 10 }, () => b.next()));
  });

  it('forks are independent: drawing from one does not shift another', () => {
    const s1 = randomStreams(5);
    const s2 = randomStreams(5);
    const noisy = s1.fork('durations');
    for (let i = 0; i < 100; i++) noisy.next();
    expect(s1.fork('offers').next()).toBe(s2.fork('offers').next());
    expect(s1.fork('offers').next()).not.toBe(s1.fork('durations').next());
  });

  it('another seed gives other numbers; shuffles are permutations', () => {
    expect(randomStreams(1).fork('x').next()).not.toBe(randomStreams(2).fork('x').next());
    const items = [0, 1, 2, 3, 4, 5, 6, 7];
    const shuffled = shuffleInPlace([...items], randomStreams(3).fork('offers'));
    expect([...shuffled].sort()).toEqual(items);
  });
});

describe('event queue', () => {
  it('pops by time, and in insertion order at equal times', () => {
    const q = new EventQueue<string>();
    q.push(5, 'c');
    q.push(1, 'a');
    q.push(5, 'd');
    q.push(1, 'b');
    q.push(3, 'x');
    const out: string[] = [];
    for (let e = q.pop(); e !== undefined; e = q.pop()) out.push(e.item);
    expect(out).toEqual(['a', 'b', 'x', 'c', 'd']);
  });

  it('keeps insertion order among many equal times', () => {
    const q = new EventQueue<number>();
    for (let i = 0; i < 1000; i++) q.push(i % 3, i);
    const out: number[] = [];
    for (let e = q.pop(); e !== undefined; e = q.pop()) out.push(e.item);
    const expected = [0, 1, 2].flatMap((t) => Array.from({ length: 1000 }, (_, i) => i).filter((i) => i % 3 === t));
    expect(out).toEqual(expected);
  });
});
