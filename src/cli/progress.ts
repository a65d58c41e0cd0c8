import cliProgress from 'cli-progress';

/**
 * A progress line on stderr for long jobs: counts and rate. Quiet when stderr is not a TTY (CI logs, pipes).
 */
export interface ProgressLine {
  update(label: string, value: number): void;
  stop(): void;
}

export function progressLine(unit: string): ProgressLine {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `{label} | {value} ${unit} | {rate}/s | {duration_formatted}`, hideCursor: true, noTTYOutput: false },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(1, 0, { label: '', rate: 0 });
  return {
    update(label, value) {
      const secs = Math.max((Date.now() - started) / 1000, 0.001);
      bar.setTotal(Math.max(value, 1));
      bar.update(value, { label, rate: Math.round(value / secs).toLocaleString('en-US') });
    },
    stop() {
      bar.stop();
    },
  };
}
