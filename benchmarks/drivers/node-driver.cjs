// Node (V8) driver; the timing protocol is the one described in Driver.java:
//   node --no-liftoff node-driver.cjs once FILE SIZE ITERATIONS | steady FILE SIZE WARMUP_MS SAMPLES
'use strict';
const fs = require('fs');

const [mode, file, sizeArg, a, b] = process.argv.slice(2);
const now = () => Number(process.hrtime.bigint()) / 1e6;
const hex = (v) => '0x' + (v >>> 0).toString(16).padStart(8, '0');

const t0 = now();
const { exports: kernel } = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(file)));
if (kernel.bench_init(Number(sizeArg)) !== 0) throw new Error(`bench_init(${sizeArg}) failed`);
const impl = `node-${process.version}${process.execArgv.includes('--no-liftoff') ? '-no-liftoff' : ''}`;

if (mode === 'once') {
  console.log(`RESULT checksum=${hex(kernel.bench_run(Number(a)))} impl=${impl}`);
} else {
  const first = kernel.bench_run(1);
  const coldMs = now() - t0;
  const warmupMs = Number(a), samples = Number(b);
  let batch = 1;
  for (const start = now(); now() - start < warmupMs;) {
    const s = now();
    kernel.bench_run(batch);
    if (now() - s < warmupMs / 20 && batch < (1 << 20)) batch *= 2;
  }
  const perIteration = [];
  let last = first;
  for (let i = 0; i < samples; i++) {
    const s = now();
    last = kernel.bench_run(batch);
    perIteration.push((now() - s) / batch);
  }
  perIteration.sort((x, y) => x - y);
  console.log(`RESULT checksum=${hex(first)} steady_checksum=${hex(last)} cold_ms=${coldMs.toFixed(3)} ` +
              `iter_ms=${perIteration[samples >> 1].toFixed(6)} batch=${batch} samples=${samples} impl=${impl}`);
}
