/** The bundled presets, as `cordon presets --json` lists them. */
import { z } from 'zod/v4';
import { count, listOf } from './common.js';
import type { Endpoint } from './endpoint.js';

const presetVersion = {
  in_force_from: z.string().describe('ISO date or date-time with a zone, as the preset file writes it'),
  read_on: z.string().describe('The day the source was read'),
  source: z.string(),
  entries: z.strictObject({ countries: count, subdivisions: count, asns: count }),
};
export const Preset = z.strictObject({
  name: z.string(),
  kind: z.enum(['terms', 'law']),
  default: z.enum(['allow', 'deny']).nullable().describe('A terms list: deny for an allow-list; null for a law preset'),
  ...presetVersion,
  versions: z.array(z.strictObject(presetVersion)).describe('Every version, oldest first; each applies from its in_force_from until the next one'),
});

export const PRESET_ENDPOINTS = {
  listPresets: {
    method: 'GET',
    path: '/admin/presets',
    role: 'read',
    tag: 'policy',
    summary: 'The bundled presets: source, read date, in-force date, entry counts and versions (`cordon presets --json`)',
    response: listOf(Preset),
  },
} as const satisfies Record<string, Endpoint>;
