/** `GET /admin/presets`: the bundled presets, as `cordon presets --json` lists them. */
import { listPresets, type PresetCatalog } from '../../policy/index.js';
import { GEO_ENDPOINTS as E } from '../contract/geo.js';
import { route, type AdminRoute } from '../router.js';
import { list } from '../wire.js';

export function presetRoutes(presets: PresetCatalog): AdminRoute[] {
  const body = list(listPresets(presets));
  return [route(E.listPresets, async () => body)];
}
