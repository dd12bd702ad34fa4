/**
 * A progress line for long commands: `label  12,345 / 1,000,000 (1 %)`, redrawn in place on stderr at
 * most ten times a second — only when stderr is a terminal, so pipes and logs get nothing.
 */
import type { Writable } from 'node:stream';

export interface Progress {
  update(done: number, total: number): void;
  /** Clears the line. */
  done(): void;
}

const SILENT: Progress = { update() {}, done() {} };

export function progressLine(err: Writable, label: string, now: () => number = Date.now): Progress {
  if ((err as { isTTY?: boolean }).isTTY !== true) return SILENT;
  let last = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    update(done, total) {
      const t = now();
      if (t - last < 100 && done < total) return;
      last = t;
      drawn = true;
      const pct = total > 0 ? ` (${Math.floor((100 * Math.min(done, total)) / total)} %)` : '';
      err.write(`\r\u001b[K${label}  ${done.toLocaleString('en-US')}${total > 0 ? ` / ${total.toLocaleString('en-US')}` : ''}${pct}`);
    },
    done() {
      if (drawn) err.write('\r\u001b[K');
    },
  };
}

/**
 * A line saying what a long step is doing, shown on a terminal only if the step takes longer than
 * `delayMs` (a quick step leaves no flicker), and cleared when it ends.
 */
export function statusLine(err: Writable, text: string, delayMs = 300): Progress {
  if ((err as { isTTY?: boolean }).isTTY !== true) return SILENT;
  let drawn = false;
  const timer = setTimeout(() => {
    drawn = true;
    err.write(`\r\u001b[K${text}`);
  }, delayMs);
  timer.unref();
  return {
    update() {},
    done() {
      clearTimeout(timer);
      if (drawn) err.write('\r\u001b[K');
    },
  };
}

/** Runs `step` under a status line (see `statusLine`). */
export async function withStatus<T>(err: Writable, text: string, step: () => Promise<T>): Promise<T> {
  const status = statusLine(err, text);
  try {
    return await step();
  } finally {
    status.done();
  }
}
