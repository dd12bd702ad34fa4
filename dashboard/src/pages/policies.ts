/**
 * Policy versions side by side, and a map of what changing from one to the other would flip (the
 * semantic diff: every country and named region, per provider).
 */
import { api, ApiError } from '../api.js';
import { changeSpec, placeName, type PlaceCount } from '../change-map.js';
import { h } from '../dom.js';
import { fmtTime } from '../format.js';
import { badge, card, empty, table, type Page } from '../page.js';
import type { PolicyDiff, PolicyRef, PolicyVersion, VersionList } from '../types.js';
import { loadWorld, worldMap } from '../world-map.js';

export const policiesPage: Page = async () => {
  const [versions, world] = await Promise.all([api<VersionList>('/policy/versions'), loadWorld()]);
  const options = (selected: string) => [
    h('option', { value: 'live', selected: selected === 'live' }, `Live${versions.live.version === null ? ' (config policy)' : ` (v${versions.live.version})`}`),
    ...versions.data.map((v) => h('option', { value: String(v.id), selected: selected === String(v.id) }, `v${v.id} · ${v.reason.slice(0, 40)}`)),
  ];
  const newest = versions.data.find((v) => v.id !== versions.live.version);
  const base = h('select', { id: 'diff-base', 'aria-label': 'Base policy' }, options('live'));
  const candidate = h('select', { id: 'diff-candidate', 'aria-label': 'Candidate policy' }, options(newest ? String(newest.id) : 'live'), h('option', { value: 'document' }, 'A document I paste…'));
  const pasted = h('textarea', { id: 'diff-document', class: 'code', placeholder: 'Policy YAML (version: 1 …)', hidden: true });
  const out = h('div', { class: 'diff-out' });
  candidate.addEventListener('change', () => (pasted.hidden = candidate.value !== 'document'));
  const ref = (value: string): PolicyRef => (value === 'live' ? 'live' : value === 'document' ? { document: pasted.value } : { version: Number(value) });
  const compare = async () => {
    out.replaceChildren(h('p', { class: 'loading', role: 'status' }, 'Comparing…'));
    try {
      const diff = await api<PolicyDiff>('/policy/diff', { method: 'POST', body: { base: ref(base.value), candidate: ref(candidate.value) } });
      const docs = await Promise.all([base.value, candidate.value].map((v) => (/^\d+$/.test(v) ? api<PolicyVersion>(`/policy/versions/${v}`) : Promise.resolve(null))));
      out.replaceChildren(diffView(diff, world), sideBySide(docs[0] ?? null, docs[1] ?? null, candidate.value === 'document' ? pasted.value : null));
    } catch (err) {
      out.replaceChildren(h('div', { class: 'notice notice-error', role: 'alert' }, err instanceof ApiError ? err.message : String(err)));
    }
  };
  const page = h(
    'div',
    { class: 'page' },
    card(
      'Policy versions',
      versions.data.length === 0
        ? empty('No version has been applied: the live policy is the config’s (its file, or the built-in default). Apply one with "cordon policy apply" or POST /admin/policy/versions.')
        : table(
            ['Version', 'Applied', 'By', 'Reason', 'Approval', 'Hash'],
            versions.data.map((v) => [h('span', {}, `v${v.id} `, v.id === versions.live.version ? badge('live', 'active') : v.action === 'rollback' ? badge(`restores v${v.restores}`, 'muted') : ''), fmtTime(v.effective_from), v.author, v.reason, v.approval ?? '–', h('code', {}, v.hash.slice(0, 12))]),
            { caption: 'Applied policy versions, newest first' },
          ),
    ),
    card('Compare', h('div', { class: 'form' }, h('div', { class: 'row' }, h('label', { for: 'diff-base' }, 'From'), base, h('label', { for: 'diff-candidate' }, 'to'), candidate, h('button', { type: 'button', class: 'primary', id: 'diff-run', onclick: () => void compare() }, 'Show what flips')), pasted)),
    out,
  );
  if (versions.data.length > 0) void compare();
  return page;
};

function diffView(diff: PolicyDiff, world: Awaited<ReturnType<typeof loadWorld>>): HTMLElement {
  const now = diff.steps[0];
  const providers = now?.providers ?? [];
  if (providers.length === 0) return card('What flips', empty(`No place changes for any provider: the two policies decide the same (${diff.probes} places compared).`));
  const host = h('div', { class: 'map-host' });
  const picker = h('select', { id: 'diff-provider', 'aria-label': 'Provider' }, providers.map((p) => h('option', { value: p.provider }, `${p.provider} (${p.opened.length} open, ${p.closed.length} close)`)));
  const rowsHost = h('div');
  const draw = () => {
    const p = providers.find((x) => x.provider === picker.value) ?? providers[0];
    if (!p) return;
    const countries = new Map<string, PlaceCount>();
    const regions = new Map<string, PlaceCount>();
    for (const [list, opened] of [[p.opened, true], [p.closed, false]] as const) {
      for (const c of list) {
        const target = c.kind === 'country' ? countries : c.kind === 'subdivision' ? regions : null;
        target?.set(c.place, { opened: opened ? 1 : 0, closed: opened ? 0 : 1, notes: [`${c.from.effect} → ${c.to.effect}`, `now: ${c.to.rule} (${c.to.layer})`] });
      }
    }
    host.replaceChildren(worldMap(world, changeSpec(`Places where ${p.provider} would change from ${diff.base.policy} to ${diff.candidate.policy}`, countries, regions, false)));
    const changes = [...p.opened.map((c) => ['opens', c] as const), ...p.closed.map((c) => ['closes', c] as const)];
    rowsHost.replaceChildren(table(['Change', 'Place', 'Before', 'After'], changes.map(([kind, c]) => [badge(kind, kind), placeName(c.place), `${c.from.effect} · ${c.from.rule}`, `${c.to.effect} · ${c.to.rule}`]), { caption: 'Places whose effect flips' }));
  };
  picker.addEventListener('change', draw);
  draw();
  const later = diff.steps.slice(1).map((s) => `from ${fmtTime(s.at)}: ${s.providers.map((p) => `${p.provider} +${p.opened.length}/−${p.closed.length}`).join(', ') || 'no change'}`);
  return card(
    null,
    h('div', { class: 'card-head' }, h('h2', {}, `What flips: ${diff.base.policy} → ${diff.candidate.policy}`), picker),
    host,
    later.length > 0 ? h('p', { class: 'muted' }, `Dated rules change the picture later — ${later.join('; ')}.`) : null,
    rowsHost,
  );
}

function sideBySide(a: PolicyVersion | null, b: PolicyVersion | null, pasted: string | null): HTMLElement {
  const pane = (title: string, text: string | null) => h('div', {}, h('h3', { class: 'pane-title' }, title), text === null ? empty('The live policy comes from the config (its policy file, or the built-in default); its text is not stored.') : h('pre', {}, text));
  return card('Side by side', h('div', { class: 'side-by-side' }, pane(a ? `v${a.id} — ${a.reason}` : 'Live policy', a?.document ?? null), pane(b ? `v${b.id} — ${b.reason}` : pasted !== null ? 'Pasted document' : 'Live policy', b?.document ?? pasted)));
}
