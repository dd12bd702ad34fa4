/**
 * Which address is the client (docs/origin.md, "Client address"): the socket peer, or the one
 * configured forwarding header walked from the right past trusted proxies; and a trusted edge's country
 * header. Pure.
 */
export { FORWARDING_HEADERS, resolveClientAddress, type ClientAddress, type ClientAddressInput, type ForwardingHeader } from './client-address.js';
export { trustedCountryHeader } from './country-header.js';
