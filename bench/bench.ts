// The shape of a benchmark, the measuring loop every benchmark shares, and the Docker check.
import Docker from 'dockerode';

/** One benchmark: a baseline and the cases compared with it, all measured in the same run. */
export interface Benchmark {
  name: string;
  /** What the ratios are against, e.g. the bare Docker commands a deploy wraps. */
  baseline: Case;
  cases: Case[];
  /** Samples per case (BENCH_ROUNDS overrides); slow benchmarks take fewer. */
  rounds?: number;
  /** What "good" means, printed under the table (e.g. "target <= 1.15"). */
  target?: string;
  /** Skip reason when the machine lacks something; the runner prints it, never hides it. */
  unavailable?: () => Promise<string | undefined>;
  /** Untimed work before the first and after the last round (images, temp dirs, cleanup). */
  setup?: () => Promise<void>;
  teardown?: () => Promise<void>;
}

/** A benchmark that measures its own way (e.g. load during deploys) and prints its own tables. */
export interface Report {
  name: string;
  unavailable?: () => Promise<string | undefined>;
  run: () => Promise<string>;
}

/** A measured thing: `run` does one unit of work and may return a custom metric to report. */
export interface Case {
  label: string;
  run: () => Promise<void> | void;
}

/** Timing samples of one case, in milliseconds. */
export interface Samples {
  label: string;
  ms: number[];
}

/** Runs each case `rounds` times, interleaving cases so drift in the machine hits all alike. */
export async function measure(bench: Benchmark, rounds: number): Promise<Samples[]> {
  const all = [bench.baseline, ...bench.cases];
  const samples = all.map((c) => ({ label: c.label, ms: [] as number[] }));
  for (const c of all) await c.run(); // warm-up, not recorded
  for (let round = 0; round < rounds; round++) {
    for (const [i, c] of all.entries()) {
      const start = process.hrtime.bigint();
      await c.run();
      samples[i]?.ms.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return samples;
}

/** The median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** Why there is no Docker engine to run a report against, or undefined. */
export async function dockerMissing(): Promise<string | undefined> {
  return new Docker().ping().then(
    () => undefined,
    (err: unknown) => `no Docker engine: ${String(err)}`,
  );
}
