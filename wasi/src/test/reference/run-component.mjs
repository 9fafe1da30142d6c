// Runs one transpiled WASI command component (see check-wasmtime-adapter.mjs) with the harness's
// setup: node run-component.mjs COMPONENT.js SANDBOX ENV_JSON ARGV...
import { _setArgs, _setCwd, _setEnv } from '@bytecodealliance/preview2-shim/cli';
import { _setPreopens } from '@bytecodealliance/preview2-shim/filesystem';

const [component, sandbox, env, ...argv] = process.argv.slice(2);
_setPreopens({ '/sandbox': sandbox });
_setEnv(JSON.parse(env));
_setArgs(argv);
_setCwd('/');
const { run } = await import(component);
try {
  run.run();
} catch (e) {
  console.error('trap: ' + e.message);
  process.exit(134);
}
