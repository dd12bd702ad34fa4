/**
 * Dependencies point one way: domain <- core (protocols, origin, policy, routing, enforcement, audit, metering, simulation)
 * <- use cases (gateway: the request path; operations: what an operator does) <- http / admin / cli
 * <- app (composition root).
 * Adapters (store/*, providers, hot-state, enforcement/service) depend on ports, never on the edges.
 * src/enforcement/service/ is enforcement's I/O (store, hot state, webhooks): an adapter
 * folder, so it is left out of the pure core, and the core may not import it.
 */
const core = '^src/(domain|errors|protocols|origin|policy|routing|audit|metering|simulation)/|^src/enforcement/(?!service/)';
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'domain-is-a-leaf',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/(?!domain/)' },
    },
    {
      name: 'core-has-no-edges',
      comment: 'Pure core modules never reach up into use cases, adapters or edges.',
      severity: 'error',
      from: { path: core },
      to: { path: '^src/(gateway|operations|http|admin|cli|app|store|providers|config|observability|hot-state)/' },
    },
    {
      name: 'enforcement-core-without-its-io',
      comment: 'The pure enforcement core stays importable without I/O: it never imports its service folder.',
      severity: 'error',
      from: { path: '^src/enforcement/(?!service/)' },
      to: { path: '^src/enforcement/service/' },
    },
    {
      name: 'origin-does-not-import-enforcement',
      comment: 'Enforcement consumes origin facts (the anonymizer lists among them, ADR 0012); origin never depends on enforcement.',
      severity: 'error',
      from: { path: '^src/origin/' },
      to: { path: '^src/enforcement/' },
    },
    {
      name: 'origin-from-outside-through-an-index',
      comment: 'Outside src/origin/, origin is imported through src/origin/index.ts or one part\'s index.ts (address/, forwarding/, mmdb/, asn/, lookup/, lists/), never a file inside a part.',
      severity: 'error',
      from: { pathNot: '^src/origin/' },
      to: { path: '^src/origin/', pathNot: '^src/origin/(index|[^/]+/index)\\.ts$' },
    },
    {
      name: 'origin-parts-through-their-index',
      comment: 'A part of origin imports another part only through that part\'s index.ts: its public API.',
      severity: 'error',
      from: { path: '^src/origin/([^/]+)/' },
      to: { path: '^src/origin/[^/]+/', pathNot: ['^src/origin/$1/', '^src/origin/[^/]+/index\\.ts$'] },
    },
    {
      name: 'origin-parts-below-the-module',
      comment: 'The parts never import the module\'s index or the resolver that composes them (the shared file watcher excepted).',
      severity: 'error',
      from: { path: '^src/origin/[^/]+/' },
      to: { path: '^src/origin/[^/]+\\.ts$', pathNot: '^src/origin/file-watch\\.ts$' },
    },
    {
      name: 'origin-address-is-a-leaf',
      comment: 'Addresses are the vocabulary of every other part; they import no other part.',
      severity: 'error',
      from: { path: '^src/origin/address/' },
      to: { path: '^src/origin/(?!address/)' },
    },
    {
      name: 'core-has-no-data-updater',
      comment: 'The data updater (src/data-updates/) downloads and replaces files: I/O the pure core never reaches for.',
      severity: 'error',
      from: { path: core },
      to: { path: '^src/data-updates/' },
    },
    {
      name: 'data-updater-is-an-adapter',
      comment: 'src/data-updates/ (fetchers, verifiers, swap, provenance: one concept) uses origin, policy and audit; the composition root and the CLI drive it, never the other way.',
      severity: 'error',
      from: { path: '^src/data-updates/' },
      to: { path: '^src/(gateway|http|admin|cli|app|store|providers|observability|hot-state|recorder|operations|enforcement|config)/' },
    },
    {
      name: 'gateway-has-no-edges',
      comment: 'The request path needs no operator use case: the gateway imports neither the edges nor operations/.',
      severity: 'error',
      from: { path: '^src/gateway/' },
      to: { path: '^src/(http|grpc|admin|cli|app|operations)/' },
    },
    {
      name: 'operations-take-ports',
      comment:
        'Operator use cases (src/operations/) are called by the CLI and the admin API and take ports: they import no edge, ' +
        'not the composition root, and no store backend (nor store/index.ts, open-store.ts or migrate-store.ts, which reach them).',
      severity: 'error',
      from: { path: '^src/operations/' },
      to: {
        path: [
          '^src/(app|cli|admin|http|grpc)/',
          '^src/store/(sqlite|postgres)/',
          '^src/store/(index|open-store|migrate-store)\\.ts$',
          'node_modules/(better-sqlite3|pg|pg-[a-z-]+)/',
        ],
      },
    },
    {
      name: 'cli-builds-its-context-only-from-app',
      comment:
        'The CLI calls src/operations/ for use cases; from the composition root it takes only what builds its context: ' +
        'the app itself (serve), the origin (check, geo), the data handle over it (data), the policy context (presets and providers) and the checkpoint keys.',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/app/', pathNot: '^src/app/(build-app|origin|data|policy-context|checkpoint-keys)\\.ts$' },
    },
    {
      name: 'edges-do-not-build-the-app',
      comment: 'Only the composition root (src/app) and the CLI entry point wire adapters together.',
      severity: 'error',
      from: { path: '^src/(http|grpc|admin)/' },
      to: { path: '^src/(app|cli)/' },
    },
    {
      name: 'grpc-edge-shares-only-the-authz-answer',
      comment: 'The gRPC edge (Envoy ext_authz) answers what /authz/http answers: of the HTTP edge it imports only that answer (src/http/authz-answer.ts).',
      severity: 'error',
      from: { path: '^src/grpc/' },
      to: { path: '^src/(http|admin)/', pathNot: '^src/http/authz-answer\\.ts$' },
    },

    {
      name: 'store-shared-knows-no-backend',
      comment: 'src/store/shared/ (rows, converters, group commit) serves both backends: it imports neither of them nor their drivers.',
      severity: 'error',
      from: { path: '^src/store/shared/' },
      to: { path: ['^src/store/(sqlite|postgres)/', 'node_modules/(better-sqlite3|pg|pg-[a-z-]+)/'] },
    },
    {
      name: 'store-backends-apart',
      comment: 'Each backend stands alone beside the ports and src/store/shared/; what both need goes to shared/.',
      severity: 'error',
      from: { path: '^src/store/(sqlite|postgres)/' },
      to: { path: '^src/store/(sqlite|postgres)/', pathNot: '^src/store/$1/' },
    },
    {
      name: 'env-only-in-config',
      comment: 'process.env is read in src/config only; enforced by grep in .ci/run.',
      severity: 'ignore',
      from: {},
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
