import { loadEnv } from './config/env.schema.js';
import { createOrmConfig } from './database/orm-config.js';

/** Entry point for the mikro-orm CLI (migration:create, migration:check). */
export default createOrmConfig(loadEnv().DATABASE_URL);
