export const API_PREFIX = '/api/';

/** The health probes are in the OpenAPI document too, so their errors answer problem+json like /api/*. */
const HEALTH_PATH = /^\/health(?:[/?#]|$)/;

export function isApiPath(url: string): boolean {
  return url.startsWith(API_PREFIX) || url === '/api' || HEALTH_PATH.test(url);
}
