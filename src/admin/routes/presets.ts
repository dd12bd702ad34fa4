/** `GET /admin/presets`: the bundled presets, as `cordon presets --json` lists them. */
import { listPresets, type PresetCatalog } from '../../policy/index.js';
import type { PRESET_ENDPOINTS } from '../contract/presets.js';
import type { Handlers } from '../router.js';
import { list } from '../wire.js';

export function presetHandlers(presets: PresetCatalog): Handlers<typeof PRESET_ENDPOINTS> {
  const body = list(listPresets(presets));
  return { listPresets: async () => body };
}
