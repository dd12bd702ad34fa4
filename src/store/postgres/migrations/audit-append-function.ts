/**
 * `cordon_audit_append`: one batch of audit records and their projections in one statement (one round
 * trip, and one commit when called outside a transaction). Under the lock on `audit_head` it chains the
 * records after the head — hash(n) = hex(SHA-256(hash(n-1) ‖ body(n))), as src/audit/chain.ts, the body
 * being the canonical JSON the caller computed — inserts them, their `decision_facts` and `usage` rows
 * (given with the index of their record) and the `usage_daily` increments of the usage rows actually
 * inserted, and moves the head. Returns each record's seq, previous hash and hash. (ADR 0008)
 *
 * This is the current text: migration 0003 creates the function with it and a later migration that
 * changes it (0006 added `decision_facts.carrier`) replaces it. PL/pgSQL resolves table columns when
 * the function runs, not when it is created, so the current text is valid at 0003 too.
 */
export const AUDIT_APPEND_FUNCTION = `
    CREATE OR REPLACE FUNCTION cordon_audit_append(kinds text[], ats int8[], refs text[], datas text[], bodies text[], decisions jsonb, usages jsonb)
      RETURNS TABLE (seq int8, prev_hash text, hash text) LANGUAGE plpgsql AS $fn$
    DECLARE
      head_seq int8;
      head_hash text;
      n int := coalesce(array_length(kinds, 1), 0);
      prevs text[] := '{}';
      hashes text[] := '{}';
    BEGIN
      SELECT h.seq, h.hash INTO head_seq, head_hash FROM audit_head h WHERE h.id = 1 FOR UPDATE;
      FOR i IN 1..n LOOP
        prevs[i] := CASE WHEN i = 1 THEN head_hash ELSE hashes[i - 1] END;
        hashes[i] := encode(sha256(convert_to(prevs[i] || bodies[i], 'UTF8')), 'hex');
      END LOOP;
      INSERT INTO audit_log (seq, at, kind, ref, data, prev_hash, hash)
        SELECT head_seq + o, ats[o], kinds[o], refs[o], datas[o], prevs[o], hashes[o] FROM generate_subscripts(kinds, 1) o;
      INSERT INTO decision_facts (request_id, seq, at, country, subdivisions, asn, anonymizer, unknown, carrier, key_id, tenant,
          registered_country, model, providers, outcome, code, provider)
        SELECT d.request_id, head_seq + 1 + d.idx, d.at, d.country, d.subdivisions, d.asn, d.anonymizer, d.unknown, d.carrier, d.key_id, d.tenant,
               d.registered_country, d.model, d.providers, d.outcome, d.code, d.provider
        FROM jsonb_to_recordset(decisions) AS d(idx int, request_id text, at int8, country text, subdivisions text, asn int8, anonymizer text,
          unknown text, carrier text, key_id text, tenant text, registered_country text, model text, providers text, outcome text, code text, provider text)
        ON CONFLICT (request_id) DO UPDATE SET seq = excluded.seq, at = excluded.at, country = excluded.country, subdivisions = excluded.subdivisions,
          asn = excluded.asn, anonymizer = excluded.anonymizer, unknown = excluded.unknown, carrier = excluded.carrier, key_id = excluded.key_id,
          tenant = excluded.tenant, registered_country = excluded.registered_country, model = excluded.model, providers = excluded.providers,
          outcome = excluded.outcome, code = excluded.code, provider = excluded.provider;
      WITH inserted AS (
        INSERT INTO usage (request_id, seq, at, day, key_id, tenant_id, tenant, country, model, provider, upstream_model, status, complete,
            reported, input_tokens, cached_input_tokens, output_tokens, cost_nano_usd)
          SELECT u.request_id, head_seq + 1 + u.idx, u.at, u.day, u.key_id, u.tenant_id, u.tenant, u.country, u.model, u.provider, u.upstream_model,
                 u.status, u.complete, u.reported, u.input_tokens, u.cached_input_tokens, u.output_tokens, u.cost_nano_usd
          FROM jsonb_to_recordset(usages) AS u(idx int, request_id text, at int8, day text, key_id text, tenant_id text, tenant text, country text,
            model text, provider text, upstream_model text, status int4, complete bool, reported bool, input_tokens int8, cached_input_tokens int8,
            output_tokens int8, cost_nano_usd int8)
          ORDER BY u.idx
        ON CONFLICT (request_id) DO NOTHING
        RETURNING *)
      INSERT INTO usage_daily AS t (day, key_id, tenant_id, tenant, provider, upstream_model, country, requests, input_tokens, cached_input_tokens,
          output_tokens, cost_nano_usd, unpriced)
        SELECT i.day, i.key_id, (array_agg(i.tenant_id ORDER BY i.seq))[1], (array_agg(i.tenant ORDER BY i.seq))[1], i.provider, i.upstream_model,
               coalesce(i.country, ''), count(*), sum(i.input_tokens), sum(i.cached_input_tokens), sum(i.output_tokens),
               coalesce(sum(i.cost_nano_usd), 0), count(*) FILTER (WHERE i.cost_nano_usd IS NULL)
        FROM inserted i GROUP BY i.day, i.key_id, i.provider, i.upstream_model, coalesce(i.country, '')
        ON CONFLICT (day, key_id, provider, upstream_model, country) DO UPDATE SET
          requests = t.requests + excluded.requests, input_tokens = t.input_tokens + excluded.input_tokens,
          cached_input_tokens = t.cached_input_tokens + excluded.cached_input_tokens, output_tokens = t.output_tokens + excluded.output_tokens,
          cost_nano_usd = t.cost_nano_usd + excluded.cost_nano_usd, unpriced = t.unpriced + excluded.unpriced;
      IF n > 0 THEN
        UPDATE audit_head SET seq = head_seq + n, hash = hashes[n] WHERE id = 1;
      END IF;
      RETURN QUERY SELECT head_seq + o, prevs[o], hashes[o] FROM generate_subscripts(kinds, 1) o ORDER BY o;
    END $fn$;
`;
