/**
 * Policy versions: list, show, apply (with an approval reference when the change opens access at the
 * law layer) and roll back.
 */
import { z } from 'zod/v4';
import { listOf, nullableString, time } from './common.js';
import type { Endpoint } from './endpoint.js';
import { optionalInstant, optionalText, text, versionInPath } from './fields.js';

/** Policy documents are YAML text; 1 MiB is far beyond any real one. */
export const MAX_DOCUMENT = 1024 * 1024;

export const PolicyVersion = z.strictObject({
  id: z.int().min(1),
  hash: z.string(),
  source: z.string(),
  author: z.string(),
  reason: z.string(),
  approval: nullableString,
  action: z.enum(['apply', 'rollback']),
  restores: z.int().nullable(),
  opens_at_law: z.array(z.string()),
  created_at: time,
  effective_from: time,
  document: z.string().optional().describe('The YAML text (in the answer about one version)'),
});

export const AppliedVersion = z.strictObject({ version: PolicyVersion, previous_hash: z.string(), opens_at_law: z.array(z.string()) });

const versionParam = z.object({ id: versionInPath.describe('Policy version number') });
const authored = {
  reason: text(2000),
  approval: optionalText(500).describe('Approval reference (licence, rule citation): required when the change opens access at the law layer'),
};

export const POLICY_ENDPOINTS = {
  listPolicyVersions: {
    method: 'GET',
    path: '/admin/policy/versions',
    role: 'read',
    tag: 'policy',
    summary: 'Policy versions, newest first, and which one is live',
    response: listOf(PolicyVersion, { live: z.strictObject({ version: z.int().nullable(), hash: z.string() }) }),
  },
  applyPolicyVersion: {
    method: 'POST',
    path: '/admin/policy/versions',
    role: 'admin',
    tag: 'policy',
    summary: 'Apply a new policy version (409 `admin_conflict` when it opens access at the law layer without an approval reference)',
    body: z.object({
      document: text(MAX_DOCUMENT),
      effective_from: optionalInstant('When it takes effect (default now)'),
      source: optionalText(500),
      ...authored,
    }),
    status: 201,
    response: AppliedVersion,
  },
  getPolicyVersion: {
    method: 'GET',
    path: '/admin/policy/versions/{id}',
    role: 'read',
    tag: 'policy',
    summary: 'One policy version with its document',
    params: versionParam,
    response: PolicyVersion,
  },
  rollbackPolicyVersion: {
    method: 'POST',
    path: '/admin/policy/versions/{id}/rollback',
    role: 'admin',
    tag: 'policy',
    summary: "Apply an earlier version's document again, as a new version",
    params: versionParam,
    body: z.object(authored),
    status: 201,
    response: AppliedVersion,
  },
} as const satisfies Record<string, Endpoint>;
