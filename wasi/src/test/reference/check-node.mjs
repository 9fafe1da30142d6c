// Runs each conformance program under node:wasi with the same setup as the JUnit harness and
// compares stdout and exit code with the program's "//!" lines. Node is only a cross-check:
// where uvwasi differs from the WASI spec (or from wasmtime), the mismatch is reported, not fatal.
import { WASI } from 'node:wasi';
import fs from 'node:fs';
import path from 'node:path';
import { programs, report, sandbox } from './expectations.mjs';

const [srcDir, wasmDir] = process.argv.slice(2);
let mismatches = 0;
for (const spec of programs(srcDir)) {
  const box = sandbox(spec);
  const stdoutPath = path.join(box.tmp, 'stdout');
  const stdout = fs.openSync(stdoutPath, 'w');
  const stdin = fs.openSync(box.stdin, 'r');
  const wasi = new WASI({ version: 'preview1', args: [spec.name + '.wasm', ...spec.args], env: spec.env,
    preopens: { '/sandbox': box.dir }, returnOnExit: true, stdin, stdout });
  const module = await WebAssembly.compile(fs.readFileSync(path.join(wasmDir, spec.name + '.wasm')));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  let code;
  try {
    code = wasi.start(instance);
  } catch (e) {
    code = 'trap: ' + e.message;
  }
  fs.closeSync(stdout);
  mismatches += report(spec, 'node', fs.readFileSync(stdoutPath, 'utf8'), code) ? 1 : 0;
  fs.rmSync(box.tmp, { recursive: true, force: true });
}
console.log(`${mismatches} program(s) differ under node:wasi`);
