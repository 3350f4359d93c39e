// Progress output: a bar with episodes/s and ETA on a terminal, plain lines under CI or
// without a TTY, nothing with --quiet. The reporters write to the stream they are given.
import { describe, expect, it } from 'vitest';
import type { SweepProgress } from '../../../harness/sweep/engine.js';
import { createProgress } from '../../../harness/sweep/progress.js';
import type { EpisodeResult } from '../../../harness/sweep/results.js';

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = {
    isTTY,
    columns: 120,
    rows: 40,
    write: (chunk: string) => {
      chunks.push(String(chunk));
      return true;
    },
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
    on: () => stream,
    removeListener: () => stream,
  };
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}

const result = (status: EpisodeResult['status']) => ({ status }) as EpisodeResult;
const feed = (reporter: ReturnType<typeof createProgress>, total: number) => {
  for (let done = 1; done <= total; done++) {
    const progress: SweepProgress = { source: done % 3 === 0 ? 'cache' : 'run', done, total };
    reporter.onEpisodeEnd(result(done === 2 ? 'violation' : 'ok'), progress);
  }
  reporter.stop();
};

describe('sweep progress', () => {
  it('prints plain periodic lines with rate, ETA and problems when CI is set', () => {
    const out = fakeStream(true);
    feed(createProgress({ stream: out.stream, env: { CI: 'true' }, intervalMs: 0 }), 6);
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(6);
    // One simulated episode gives no rate yet.
    expect(lines[0]).toBe('simgate: 1/6 episodes (16%), ? episodes/s, ETA ?, 0 not ok');
    expect(lines[1]).toMatch(/^simgate: 2\/6 episodes \(33%\), [\d.]+ episodes\/s, ETA \S+, 1 not ok$/);
    expect(lines[5]).toMatch(/^simgate: 6\/6 episodes \(100%\), .* 1 not ok$/);
  });

  it('prints plain lines when the stream is not a terminal, at most once per interval plus the final count', () => {
    const out = fakeStream(false);
    feed(createProgress({ stream: out.stream, env: {}, intervalMs: 60_000 }), 50);
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('50/50 episodes (100%)');
  });

  it('draws a bar with episodes/s and ETA on a terminal', () => {
    const out = fakeStream(true);
    feed(createProgress({ stream: out.stream, env: {} }), 5);
    expect(out.text()).toMatch(/simgate .* 5\/5 episodes \| [\d.]+ episodes\/s \| ETA \S+ \| 1 not ok/);
  });

  it('measures the rate from the first simulated episode, not from the work before the sweep', () => {
    const out = fakeStream(false);
    let clock = 0;
    const reporter = createProgress({
      stream: out.stream,
      env: { CI: 'true' },
      intervalMs: 0,
      now: () => clock,
    });
    // 100 s of safety search before the sweep's first episode ends, then one episode every 0.5 s.
    clock = 100_000;
    for (let done = 1; done <= 5; done++) {
      reporter.onEpisodeEnd(result('ok'), { source: 'run', done, total: 25 });
      clock += 500;
    }
    reporter.stop();
    const last = out.text().trim().split('\n').at(-1);
    // 4 episodes in the 2 s after the first: 2.0 episodes/s, 20 to go: 10 s.
    expect(last).toBe('simgate: 5/25 episodes (20%), 2.0 episodes/s, ETA 10s, 0 not ok');
  });

  it('prints nothing with --quiet', () => {
    const out = fakeStream(true);
    feed(createProgress({ stream: out.stream, env: { CI: 'true' }, quiet: true }), 5);
    expect(out.text()).toBe('');
  });
});
