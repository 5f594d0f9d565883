/** What the parent asks the autocannon child to do. */
export interface LoadRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Cycled round robin, one per request (POST scenarios). */
  bodies?: string[];
  connections: number;
  durationSeconds: number;
}

/** What it answers, in milliseconds and requests per second. */
export interface LoadResult {
  requestsPerSecond: number;
  totalRequests: number;
  latencyP50: number;
  latencyP99: number;
  latencyAverage: number;
  bytesPerSecond: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Count per HTTP status code. */
  statuses: Record<string, number>;
  durationSeconds: number;
}
