// The decision-service row (docs/decision-service.md): nginx relaying with Cordon deciding through
// auth_request, against nginx alone and Cordon relaying, from the same run. Goal: a decision costs
// Cordon less than a third of the CPU relaying the same request through Cordon costs.
import { AUTHZ_TARGET } from './targets.mjs';

export const DECISION_CPU_GOAL = 1 / 3;

const median = (values) => {
  const s = values.filter((x) => x != null && !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x, digits = 0) => (x == null ? '–' : Number(x).toFixed(digits));

/** Markdown for the row, or null when the run has no nginx+cordon-authz target. */
export function decisionService(summary, cells, concs) {
  const row = (target, conc) => summary.find((r) => r.target === target && r.conc === conc);
  if (!summary.some((r) => r.target === AUTHZ_TARGET)) return null;
  const lines = [
    '### Decision service: nginx + Cordon /authz/http',
    '',
    'Cordon CPU per request deciding (auth_request) against relaying (the `cordon` row); nginx\'s own CPU beside it. Added p50 against nginx alone.',
    '',
    '| c | nginx rps | nginx+authz rps | cordon rps | Cordon µs/req deciding | nginx µs/req (with authz) | Cordon µs/req relaying | deciding ÷ relaying | added p50 vs nginx (ms) | goal < 1/3 |',
    '|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const conc of concs) {
    const authz = row(AUTHZ_TARGET, conc);
    const nginx = row('nginx', conc);
    const cordon = row('cordon', conc);
    const sidecar = median(cells.filter((c) => c.target === AUTHZ_TARGET && c.conc === conc && !c.error).map((c) => c.sidecar_cpu_us_per_req));
    const share = authz?.cpu_us_per_req != null && cordon?.cpu_us_per_req ? authz.cpu_us_per_req / cordon.cpu_us_per_req : null;
    const added = authz?.p50_ms != null && nginx?.p50_ms != null ? authz.p50_ms - nginx.p50_ms : null;
    lines.push(`| ${conc} | ${fmt(nginx?.rps)} | ${fmt(authz?.rps)} | ${fmt(cordon?.rps)} | ${fmt(authz?.cpu_us_per_req)} | ${fmt(sidecar)} | ${fmt(cordon?.cpu_us_per_req)} | ${fmt(share, 2)} | ${fmt(added, 3)} | ${share == null ? '–' : share < DECISION_CPU_GOAL ? 'met' : 'not met'} |`);
  }
  return lines.join('\n');
}
