import { Writable } from 'node:stream';
import { Command } from 'commander';
import { policyCommand } from './src/cli/commands/policy.ts';
class C extends Writable { t=''; override _write(c: Buffer, _e: string, d: () => void) { this.t += c.toString(); d(); } }
const out = new C(), err = new C();
const p = new Command('x').addCommand(policyCommand({ out, err }));
await p.parseAsync(['node', 'x', ...process.argv.slice(2)]);
process.stdout.write(out.t); process.stdout.write('--- err\n' + err.t); console.log('exit', process.exitCode);
