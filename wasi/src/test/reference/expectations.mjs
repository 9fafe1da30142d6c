// What the reference checks share with the JUnit harness (ConformanceProgramsTest and WasiRun):
// a program's "//!" expectations and the sandbox it runs in.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The conformance programs in srcDir: [{ name, args, env, stdin, out, exit }], sorted by name. */
export function programs(srcDir) {
  return fs.readdirSync(srcDir).filter((f) => /\.(c|ts|rs)$/.test(f)).sort().map((file) => {
    const spec = { name: file.replace(/\.(c|ts|rs)$/, ''), args: [], env: {}, stdin: [], out: [], exit: 0 };
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
    return spec;
  });
}

/** A fresh temp dir with sandbox/ (three links out of it), outside/secret.txt and the stdin file. */
export function sandbox(spec) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'porcini-wasi-'));
  const dir = path.join(tmp, 'sandbox');
  fs.mkdirSync(dir);
  fs.mkdirSync(path.join(tmp, 'outside'));
  fs.writeFileSync(path.join(tmp, 'outside', 'secret.txt'), 'secret');
  fs.symlinkSync(path.join(tmp, 'outside', 'secret.txt'), path.join(dir, 'abs_link'));
  fs.symlinkSync('../outside/secret.txt', path.join(dir, 'rel_link'));
  fs.symlinkSync('../outside', path.join(dir, 'dir_link'));
  const stdin = path.join(tmp, 'stdin');
  fs.writeFileSync(stdin, spec.stdin.length ? spec.stdin.join('\n') + '\n' : '');
  return { tmp, dir, stdin };
}

/** Compares a reference's stdout text and exit code with the expectations; prints and returns whether they differ. */
export function report(spec, reference, stdout, code) {
  const actual = stdout.split('\n');
  actual.pop();
  const diff = [];
  for (let i = 0; i < Math.max(actual.length, spec.out.length); i++) {
    if (actual[i] !== spec.out[i]) diff.push(`  line ${i + 1}: expected ${JSON.stringify(spec.out[i])}, ${reference} ${JSON.stringify(actual[i])}`);
  }
  if (code !== spec.exit) diff.push(`  exit: expected ${spec.exit}, ${reference} ${code}`);
  console.log(`${diff.length ? 'DIFF' : 'same'} ${spec.name}`);
  for (const d of diff) console.log(d);
  return diff.length > 0;
}
