export const API_PREFIX = '/api/';

export function isApiPath(url: string): boolean {
  return url.startsWith(API_PREFIX) || url === '/api';
}
