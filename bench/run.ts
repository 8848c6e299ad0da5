// `npm run bench [NAME…]`: runs the benchmarks and prints each as a table of ratios to its baseline.
import type { Benchmark, Report, Samples } from './bench.js';
import { measure, median } from './bench.js';
import { deployBenchmark } from './deploy.bench.js';
import { footprintReport } from './footprint.bench.js';
import { parserBenchmark } from './parse.bench.js';
import { routeChangeReport } from './route-change.bench.js';
import { slowLinkReport } from './slow-link.bench.js';
import { stopReport } from './stop.bench.js';
import { uploadReport } from './upload.bench.js';
import { zeroDowntimeReport } from './zero-downtime.bench.js';

const ALL: (() => Benchmark | Report)[] = [
  parserBenchmark,
  deployBenchmark,
  zeroDowntimeReport,
  routeChangeReport,
  stopReport,
  uploadReport,
  slowLinkReport,
  footprintReport,
];

async function main(names: string[]): Promise<void> {
  for (const make of ALL) {
    const bench = make();
    if (names.length > 0 && !names.includes(bench.name)) continue;
    const missing = await bench.unavailable?.();
    if (missing) {
      console.log(`## ${bench.name}: not run (${missing})\n`);
      continue;
    }
    if ('run' in bench) {
      console.log(`## ${bench.name}\n${await bench.run()}`);
      continue;
    }
    await bench.setup?.();
    try {
      printTable(
        bench,
        await measure(bench, Number(process.env['BENCH_ROUNDS'] ?? bench.rounds ?? 15)),
      );
    } finally {
      await bench.teardown?.();
    }
  }
}

function printTable(bench: Benchmark, samples: Samples[]): void {
  const base = median(samples[0]?.ms ?? []);
  console.log(`## ${bench.name}`);
  console.log('| case | median ms | p90 ms | ratio to baseline |');
  console.log('|---|---:|---:|---:|');
  for (const s of samples) {
    const sorted = [...s.ms].sort((a, b) => a - b);
    const p90 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))] ?? NaN;
    const m = median(s.ms);
    console.log(`| ${s.label} | ${m.toFixed(2)} | ${p90.toFixed(2)} | ${(m / base).toFixed(2)} |`);
  }
  if (bench.target) console.log(`target: ${bench.target}`);
  console.log('');
}

await main(process.argv.slice(2));
