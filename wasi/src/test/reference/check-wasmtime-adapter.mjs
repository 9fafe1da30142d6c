// Runs each conformance program through wasmtime's own preview1 implementation, the
// wasi_snapshot_preview1 component adapter that jco ships, over jco's Node host for WASI 0.2,
// and compares stdout and exit code with the program's "//!" lines. The preview1 semantics
// (errno values, rights, fd table, path rules) are the adapter's, that is wasmtime's; the
// filesystem underneath is Node's. A cross-check of the expectations, not of Porcini.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { programs, report, sandbox } from './expectations.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const jco = path.join(here, 'node_modules/.bin/jco');
const [srcDir, wasmDir] = process.argv.slice(2);
let mismatches = 0;
for (const spec of programs(srcDir)) {
  const out = path.join(here, 'out', spec.name);
  const component = path.join(out, spec.name + '.component.wasm');
  fs.mkdirSync(out, { recursive: true });
  for (const args of [['new', path.join(wasmDir, spec.name + '.wasm'), '--wasi-command', '-o', component],
                      ['transpile', component, '-o', out, '--quiet']]) {
    const r = spawnSync(jco, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`jco ${args[0]} ${spec.name}: ${r.stderr}`);
  }
  const box = sandbox(spec);
  const r = spawnSync(process.execPath, ['--no-warnings', path.join(here, 'run-component.mjs'),
    path.join(out, spec.name + '.component.js'), box.dir, JSON.stringify(spec.env), spec.name + '.wasm', ...spec.args],
    { input: fs.readFileSync(box.stdin), encoding: 'utf8' });
  mismatches += report(spec, 'adapter', r.stdout, r.status) ? 1 : 0;
  fs.rmSync(box.tmp, { recursive: true, force: true });
}
console.log(`${mismatches} program(s) differ under wasmtime's preview1 adapter`);
