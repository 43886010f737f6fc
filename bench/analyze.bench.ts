import { performance } from 'node:perf_hooks';
import { analyze } from '../src/core/analyzer';
import type { StallMap } from '../src/core/model';
import { generateMap } from './generate-map';

/** `npm run bench analyze`: time the analyzer on generated maps (generate-map.ts) of 500, 5,000 and 50,000 steps. */

function measure(map: StallMap, warmup: number, runs: number) {
  for (let i = 0; i < warmup; i++) analyze(map);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    analyze(map);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { median: at(0.5), p95: at(0.95) };
}

function main() {
  const plan = [
    { size: 500, warmup: 50, runs: 300 },
    { size: 5_000, warmup: 20, runs: 100 },
    { size: 50_000, warmup: 5, runs: 30 },
  ];
  console.log('| steps | joins | findings | median ms | p95 ms | median ms per 1,000 steps |');
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const { size, warmup, runs } of plan) {
    const map = generateMap(size);
    const findings = analyze(map).findings.length;
    const { median, p95 } = measure(map, warmup, runs);
    const row = [size, map.joins.length, findings, median.toFixed(2), p95.toFixed(2), ((median / size) * 1000).toFixed(3)];
    console.log(`| ${row.map((v) => (typeof v === 'number' ? v.toLocaleString('en') : v)).join(' | ')} |`);
  }
}

main();
