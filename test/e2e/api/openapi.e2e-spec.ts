import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../src/common/paths.js';
import { useTestApp } from '../../helpers/test-app.js';

describe('Swagger document', () => {
  const t = useTestApp();

  it('serves the OpenAPI JSON with the bearer scheme declared', async () => {
    const res = await t.http().get('/docs/openapi.json').expect(200).expect('content-type', /json/);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
  });

  it('matches the committed contract (run `npm run openapi:update` after an API change)', async () => {
    const res = await t.http().get('/docs/openapi.json').expect(200);
    const committed = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test', 'contract', 'openapi.json'), 'utf8'));
    expect(res.body).toEqual(committed);
  });

  it('serves Swagger UI from local assets', async () => {
    const res = await t.http().get('/docs').expect(200);
    expect(res.text).toContain('swagger-ui');
    expect(res.text).not.toMatch(/https?:\/\/(?!localhost)[^"']*\.(js|css)/);
  });

  it('leaves web pages out of the API document', async () => {
    const res = await t.http().get('/docs/openapi.json').expect(200);
    expect(Object.keys(res.body.paths)).not.toContain('/');
    expect(Object.keys(res.body.paths).every((path) => path.startsWith('/api/v1/') || path.startsWith('/health'))).toBe(
      true,
    );
  });
});
