// A small driver for Debian's headless Chromium over the DevTools protocol on a pipe
// (--remote-debugging-pipe: Chromium reads commands on fd 3 and writes replies on fd 4, each a
// JSON message ended by a NUL byte), so the browser tests need no package and no browser download.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** The flags every launch uses: headless, no network of its own, a throwaway profile. */
export function chromiumFlags(profile: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--hide-scrollbars',
    '--font-render-hinting=none',
    `--user-data-dir=${profile}`,
  ];
}

/** The DOM after the page's scripts ran, as `chromium --dump-dom` prints it. */
export function dumpDom(url: string): string {
  const profile = mkdtempSync(join(tmpdir(), 'srh-chromium-'));
  try {
    const r = spawnSync(CHROMIUM, [...chromiumFlags(profile), '--dump-dom', url], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`chromium --dump-dom exited ${r.status}: ${r.stderr.slice(-500)}`);
    return r.stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

type Pending = { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void };
type Listener = (params: Record<string, unknown>, sessionId: string | undefined) => void;

export class Chromium {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<{ method: string; listener: Listener }>();
  private buffered = '';

  private constructor(
    private readonly process: ChildProcess,
    private readonly profile: string,
  ) {
    const out = process.stdio[4] as Readable;
    out.setEncoding('utf8');
    out.on('data', (chunk: string) => this.receive(chunk));
  }

  static launch(): Chromium {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM)`);
    const profile = mkdtempSync(join(tmpdir(), 'srh-chromium-'));
    const child = spawn(CHROMIUM, [...chromiumFlags(profile), '--remote-debugging-pipe', 'about:blank'], {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
    });
    return new Chromium(child, profile);
  }

  private receive(chunk: string): void {
    this.buffered += chunk;
    let end: number;
    while ((end = this.buffered.indexOf('\0')) >= 0) {
      const message = JSON.parse(this.buffered.slice(0, end)) as {
        id?: number;
        method?: string;
        params?: Record<string, unknown>;
        result?: Record<string, unknown>;
        error?: { message: string };
        sessionId?: string;
      };
      this.buffered = this.buffered.slice(end + 1);
      if (message.id !== undefined) {
        const p = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) p?.reject(new Error(message.error.message));
        else p?.resolve(message.result ?? {});
      } else if (message.method !== undefined) {
        for (const l of this.listeners) if (l.method === message.method) l.listener(message.params ?? {}, message.sessionId);
      }
    }
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    const message = JSON.stringify(sessionId === undefined ? { id, method, params } : { id, method, params, sessionId });
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      (this.process.stdio[3] as Writable).write(message + '\0');
    });
  }

  /** The next event of this name in this session. */
  once(method: string, sessionId: string): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      const entry = {
        method,
        listener: (params: Record<string, unknown>, from: string | undefined) => {
          if (from !== sessionId) return;
          this.listeners.delete(entry);
          resolve(params);
        },
      };
      this.listeners.add(entry);
    });
  }

  async open(url: string, width = 1400, height = 900): Promise<Page> {
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    await this.send('Page.enable', {}, sessionId);
    await this.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false }, sessionId);
    const loaded = this.once('Page.loadEventFired', sessionId);
    await this.send('Page.navigate', { url }, sessionId);
    await loaded;
    const page = new Page(this, sessionId, targetId);
    await page.frames();
    return page;
  }

  /** Closes the browser, waits for it to exit, and removes its profile. */
  async close(): Promise<void> {
    const exited = new Promise((r) => (this.process.exitCode !== null ? r(null) : this.process.once('exit', r)));
    try {
      await Promise.race([this.send('Browser.close'), new Promise((r) => setTimeout(r, 3000))]);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    } finally {
      if (this.process.exitCode === null) this.process.kill();
      rmSync(this.profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    }
  }
}

export class Page {
  constructor(
    private readonly browser: Chromium,
    private readonly sessionId: string,
    private readonly targetId: string,
  ) {}

  /** The value of a JavaScript expression in the page (a promise is awaited). */
  async evaluate<T>(expression: string): Promise<T> {
    const r = (await this.browser.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }, this.sessionId)) as {
      result: { value: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (r.exceptionDetails) throw new Error(`in the page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value;
  }

  /** Waits for two animation frames: the report redraws on the next one after an input. */
  frames(): Promise<void> {
    return this.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))');
  }

  async mouse(type: 'mouseMoved' | 'mousePressed' | 'mouseReleased', x: number, y: number, extra: Record<string, unknown> = {}): Promise<void> {
    await this.browser.send(
      'Input.dispatchMouseEvent',
      { type, x, y, button: type === 'mouseMoved' ? 'none' : 'left', clickCount: 1, ...extra },
      this.sessionId,
    );
  }

  async wheel(x: number, y: number, deltaY: number, modifiers = 0): Promise<void> {
    await this.browser.send('Input.dispatchMouseEvent', { type: 'mouseWheel', x, y, deltaX: 0, deltaY, modifiers }, this.sessionId);
    await this.frames();
  }

  async drag(fromX: number, y: number, toX: number): Promise<void> {
    await this.mouse('mouseMoved', fromX, y);
    await this.mouse('mousePressed', fromX, y);
    for (let i = 1; i <= 5; i++) await this.mouse('mouseMoved', fromX + ((toX - fromX) * i) / 5, y, { button: 'left', buttons: 1 });
    await this.mouse('mouseReleased', toX, y);
    await this.frames();
  }

  async key(key: string): Promise<void> {
    await this.browser.send('Input.dispatchKeyEvent', { type: 'keyDown', key, text: key.length === 1 ? key : undefined }, this.sessionId);
    await this.browser.send('Input.dispatchKeyEvent', { type: 'keyUp', key }, this.sessionId);
    await this.frames();
  }

  async screenshot(): Promise<Buffer> {
    const { data } = (await this.browser.send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true }, this.sessionId)) as { data: string };
    return Buffer.from(data, 'base64');
  }

  async close(): Promise<void> {
    await this.browser.send('Target.closeTarget', { targetId: this.targetId });
  }
}
