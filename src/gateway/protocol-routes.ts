/**
 * The route table each protocol sees: only deployments whose provider answers in that protocol, so a
 * Messages request is never sent to an upstream that speaks only OpenAI's (no silent translation), and
 * policy decides only for providers that could serve it. Built once per protocol, on first use.
 */
import type { Provider } from '../providers/contract.js';
import type { ProtocolName, WireProtocol } from '../protocols/index.js';
import { restrictRoutes, type RouteTable } from '../routing/route-table.js';

export function routesByProtocol(routes: RouteTable, providers: ReadonlyMap<string, Provider>): (protocol: WireProtocol) => RouteTable {
  const tables = new Map<ProtocolName, RouteTable>();
  return (protocol) => {
    let table = tables.get(protocol.name);
    if (table === undefined) {
      table = protocol.name === 'openai' ? routes : restrictRoutes(routes, (d) => providers.get(d.provider)?.protocols.includes(protocol.name) ?? false);
      tables.set(protocol.name, table);
    }
    return table;
  };
}
