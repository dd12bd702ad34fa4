/**
 * Fixed Ed25519 keys for tests only (made for them with `cordon audit keygen`; they sign nothing else).
 * Fixed, so the signatures they make (Ed25519 is deterministic) can be pinned.
 */
export const TEST_SIGNING_KEY = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIDmxnxdpbyPTt9gfYboJQazng7Fm2JBk4qkp+qCpGTzZ
-----END PRIVATE KEY-----
`;
export const TEST_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAmqmut4VVLioglLYMdLnhQ48bheRjyFJw9HqiIRoJ8oE=
-----END PUBLIC KEY-----
`;

/** Another pair: a forger's own key, or the key a rotation moves to. */
export const OTHER_SIGNING_KEY = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIOu//IenTtOQRhJl/TtNoIHKgVZgh9yC/lLEd4pdVvnm
-----END PRIVATE KEY-----
`;
export const OTHER_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAsa88MEjGKT/pXbPWT6jFoYatytyfugJ+wbp0qpnYYBE=
-----END PUBLIC KEY-----
`;
