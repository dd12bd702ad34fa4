/** `cordon geo info|lookup`: what geo data is loaded, and what it says about an address. */
import { Command } from 'commander';
import { openOriginForCommand } from '../open-origin.js';
import { normalizeIp } from '../../origin/index.js';
import type { FullCliContext } from '../create-context.js';
import { CliUsageError } from '../errors.js';

export function geoCommand(ctx: FullCliContext): Command {
  const geo = new Command('geo').description('inspect the geolocation data');
  geo
    .command('info')
    .description('list the configured databases: type, schema, build date, size, load errors')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const handle = await openOriginForCommand(ctx.err, ctx.config());
      try {
        const status = handle.service.status();
        if (opts.json) {
          ctx.out.write(`${JSON.stringify(status)}\n`);
          return;
        }
        for (const f of status.files) {
          ctx.out.write(`${f.role.padEnd(12)} ${f.loaded ? 'loaded ' : 'FAILED '} ${f.type ?? '-'} ${f.schema ?? ''} ${f.buildDate ?? ''}\n  ${f.path}${f.lastError ? `\n  error: ${f.lastError}` : ''}\n`);
        }
      } finally {
        await handle.close();
      }
    });
  geo
    .command('lookup')
    .description('look an address up in every configured database')
    .argument('<ip>', 'IPv4 or IPv6 address')
    .option('--json', 'print JSON')
    .action(async (ipArg: string, opts: { json?: boolean }) => {
      const ip = normalizeIp(ipArg);
      if (ip === null) throw new CliUsageError(`"${ipArg}" is not an IPv4 or IPv6 address`);
      const handle = await openOriginForCommand(ctx.err, ctx.config());
      try {
        const carried = handle.service.locate(ip);
        // An address that carries an IPv4 address: the databases on itself, and which address it carries (`cordon check` decides on both).
        const facts = { ip, ...handle.service.lookup(ip), ...(carried.carrier !== null && { carries: `${carried.ip} (${carried.carrier.kind})` }) };
        ctx.out.write(opts.json ? `${JSON.stringify(facts)}\n` : `${Object.entries(facts).map(([k, v]) => `${k.padEnd(13)} ${Array.isArray(v) ? v.join(', ') : String(v)}`).join('\n')}\n`);
      } finally {
        await handle.close();
      }
    });
  return geo;
}
