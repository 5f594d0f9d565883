// Runs in every integration, e2e and browser test file before any import: points the app at the run's
// private database and Redis prefix. Tests are the only code outside src/config that writes process.env.
process.env.NODE_ENV = 'test';
process.env.DATABASE_URL = process.env.TRAINERHUB_TEST_DATABASE_URL;
process.env.REDIS_PREFIX = process.env.TRAINERHUB_TEST_REDIS_PREFIX;
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
