import { type EntityManager, RequestContext } from '@mikro-orm/postgresql';
import type { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request's forks, each made on first use. MikroORM's RequestContext.create forks at once, and a fork costs
 * about 5 % of a trivial route's CPU (the EntityManager, its maps, and two config writes to process.env); a
 * request that reads only through the account query (GET /api/v1/auth/me) never needs one. The fork is made
 * exactly as create() makes it, on the root EM, so entity work sees no difference.
 */
class LazyForks extends Map<string, EntityManager> {
  private building = false;

  constructor(private readonly root: EntityManager) {
    super();
  }

  override get(name: string): EntityManager | undefined {
    let em = super.get(name);
    if (!em && name === this.root.name && !this.building) {
      // While the fork is built, its constructor asks for the context: answer none, as create() does (it forks
      // before entering the context). disableContextResolution: fork the root itself, not this context.
      this.building = true;
      try {
        em = this.root.fork({ useContext: true, disableContextResolution: true });
      } finally {
        this.building = false;
      }
      super.set(name, em);
    }
    return em;
  }

  /** Whether this request has an EntityManager of its own yet (and so possibly a transaction). */
  get forked(): boolean {
    return super.has(this.root.name);
  }
}

// RequestContext keeps its AsyncLocalStorage private; run() on it is what create() does with a ready context.
const storage = (RequestContext as unknown as { storage: AsyncLocalStorage<RequestContext> }).storage;

/** Runs `next` in a new request context whose fork is made when first used (see LazyForks). */
export function runInRequestContext(root: EntityManager, next: () => void): void {
  storage.run(new RequestContext(new LazyForks(root)), next);
}

/**
 * True unless this is an HTTP request whose EntityManager has not been made yet. In that case no transaction can
 * be open in it, so a plain read may go straight to the pool without making the fork.
 */
export function requestMayHoldTransaction(): boolean {
  const map = RequestContext.currentRequestContext()?.map;
  return !(map instanceof LazyForks) || map.forked;
}
