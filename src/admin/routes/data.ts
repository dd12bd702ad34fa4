/** `GET /admin/data`: the provenance of every data source in use, as `cordon data status --json` prints it. */
import type { z } from 'zod/v4';
import type { DATA_ENDPOINTS, DataSource, DataVersionSource } from '../contract/data.js';
import type { Handlers } from '../router.js';

/** What the route reads: the status rows now, and the data-version id decisions are recorded with. */
export interface DataRouteDeps {
  readonly dataStatus: () => Promise<{ readonly rows: readonly z.infer<typeof DataSource>[]; readonly version: string }>;
  /** The sources a data-version id stood for, or null when the version log does not have it. */
  readonly dataVersion: (id: string) => Promise<readonly z.infer<typeof DataVersionSource>[] | null>;
}

export function dataHandlers(deps: DataRouteDeps): Handlers<typeof DATA_ENDPOINTS> {
  return {
    dataStatus: async () => {
      const { rows, version } = await deps.dataStatus();
      return { object: 'list', data: [...rows], version };
    },
  };
}
