// nginx as reverse proxy in front of the mock: a plain listener, and (with the geoip2 module) one that
// looks up the client's country and denies with 451 through a `map`. The native floor.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes nginx.conf under `prefix`; `geo` is { module, mmdb, port } or null; `authz` is { port,
 * cordonPort } or null: a listener that asks Cordon's /authz/http (auth_request) before proxying,
 * as examples/decision-service/nginx.conf does. Returns the conf path.
 */
export function writeNginxConf({ prefix, mockPort, plainPort, geo, authz = null }) {
  mkdirSync(prefix, { recursive: true });
  const geoHttp = geo
    ? `
  # Country of the client IP (first X-Forwarded-For hop: every bench client is 127.0.0.1); ZZ when unknown.
  # ip-location-db MMDBs keep the code in "country_code" (MaxMind's own files: "country iso_code").
  map $http_x_forwarded_for $client_ip {
    ""                    $remote_addr;
    "~^(?<first>[^,\\s]+)" $first;
  }
  geoip2 ${geo.mmdb} {
    $geo_cc default=ZZ source=$client_ip country_code;
  }
  map $geo_cc $geo_denied { default 0; CN 1; RU 1; KP 1; IR 1; SY 1; CU 1; }
  server {
    listen 127.0.0.1:${geo.port};
    location / {
      default_type application/json;
      if ($geo_denied) {
        return 451 '{"error":{"message":"not available in $geo_cc","type":"unsupported_country_region_territory"}}';
      }
      # A proxy_set_header here replaces the inherited ones: repeat Connection "" to keep upstream keepalive.
      proxy_set_header Connection "";
      proxy_set_header X-Geo-Country $geo_cc;
      proxy_pass http://mock;
    }
  }`
    : '';
  const authzHttp = authz
    ? `
  upstream cordon_authz { server 127.0.0.1:${authz.cordonPort}; keepalive 256; }
  server {
    listen 127.0.0.1:${authz.port};
    location / {
      auth_request /_cordon_authz;
      proxy_pass http://mock;
    }
    location = /_cordon_authz {
      internal;
      proxy_pass http://cordon_authz/authz/http;
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header Connection "";
      proxy_set_header X-Original-URI $request_uri;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
  }`
    : '';
  const conf = `# Rendered by bench/lib/nginx.mjs
${geo ? `load_module ${geo.module};` : ''}
worker_processes 1;
daemon off;
master_process on;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${prefix}/client_body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  keepalive_requests 1000000;
  upstream mock { server 127.0.0.1:${mockPort}; keepalive 256; }
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  proxy_buffering off;           # SSE must stream through
  proxy_request_buffering off;
  server {
    listen 127.0.0.1:${plainPort};
    location / { proxy_pass http://mock; }
  }${geoHttp}${authzHttp}
}
`;
  const file = join(prefix, 'nginx.conf');
  writeFileSync(file, conf);
  return file;
}

export const hasGeoip2 = (module) => existsSync(module);
