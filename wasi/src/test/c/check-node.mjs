// Runs each conformance program under node:wasi with the same setup as the JUnit harness and
// compares stdout and exit code with the program's "//!" lines. Node is only a cross-check:
// where uvwasi differs from the WASI spec (or from wasmtime), the mismatch is reported, not fatal.
import { WASI } from 'node:wasi';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [srcDir, wasmDir] = process.argv.slice(2);
let mismatches = 0;
for (const file of fs.readdirSync(srcDir).filter((f) => /\.(c|ts)$/.test(f)).sort()) {
  const name = file.replace(/\.(c|ts)$/, '');
  const spec = { args: [], env: {}, stdin: [], out: [], exit: 0 };
  for (const line of fs.readFileSync(path.join(srcDir, file), 'utf8').split('\n')) {
    const m = /^\/\/! (\w+):(?: (.*))?$/.exec(line);
    if (!m) continue;
    const value = m[2] ?? '';
    if (m[1] === 'arg') spec.args.push(value);
    else if (m[1] === 'env') spec.env[value.slice(0, value.indexOf('='))] = value.slice(value.indexOf('=') + 1);
    else if (m[1] === 'stdin') spec.stdin.push(value);
    else if (m[1] === 'out') spec.out.push(value);
    else if (m[1] === 'exit') spec.exit = Number(value);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'porcini-wasi-'));
  const sandbox = path.join(tmp, 'sandbox');
  fs.mkdirSync(sandbox);
  fs.mkdirSync(path.join(tmp, 'outside'));
  fs.writeFileSync(path.join(tmp, 'outside', 'secret.txt'), 'secret');
  fs.symlinkSync(path.join(tmp, 'outside', 'secret.txt'), path.join(sandbox, 'abs_link'));
  fs.symlinkSync('../outside/secret.txt', path.join(sandbox, 'rel_link'));
  fs.symlinkSync('../outside', path.join(sandbox, 'dir_link'));
  const stdoutPath = path.join(tmp, 'stdout');
  const stdinPath = path.join(tmp, 'stdin');
  fs.writeFileSync(stdinPath, spec.stdin.length ? spec.stdin.join('\n') + '\n' : '');
  const stdout = fs.openSync(stdoutPath, 'w');
  const stdin = fs.openSync(stdinPath, 'r');
  const wasi = new WASI({ version: 'preview1', args: [name + '.wasm', ...spec.args], env: spec.env,
    preopens: { '/sandbox': sandbox }, returnOnExit: true, stdin, stdout });
  const module = await WebAssembly.compile(fs.readFileSync(path.join(wasmDir, name + '.wasm')));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  let code;
  try {
    code = wasi.start(instance);
  } catch (e) {
    code = 'trap: ' + e.message;
  }
  fs.closeSync(stdout);
  const actual = fs.readFileSync(stdoutPath, 'utf8').split('\n');
  actual.pop();
  const expected = spec.out;
  const diff = [];
  for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
    if (actual[i] !== expected[i]) diff.push(`  line ${i + 1}: expected ${JSON.stringify(expected[i])}, node ${JSON.stringify(actual[i])}`);
  }
  if (code !== spec.exit) diff.push(`  exit: expected ${spec.exit}, node ${code}`);
  console.log(`${diff.length ? 'DIFF' : 'same'} ${name}`);
  for (const d of diff) console.log(d);
  mismatches += diff.length ? 1 : 0;
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`${mismatches} program(s) differ under node:wasi`);
