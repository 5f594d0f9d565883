import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import { AppModule } from '../../../src/app.module.js';
import { BookingsService } from '../../../src/modules/bookings/bookings.service.js';
import { WorkerModule } from '../../../src/worker.module.js';
import { ensureMigrated } from '../../helpers/database.js';

/** Every controller the context's module graph declares, by class name, walked from Nest's own container. */
function controllersIn(app: INestApplicationContext): string[] {
  const names: string[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) names.push(wrapper.name);
  }
  return names;
}

describe(WorkerModule.name, () => {
  let worker: INestApplicationContext;

  beforeAll(async () => {
    await ensureMigrated();
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false, abortOnError: false });
  });
  afterAll(async () => {
    await worker.close();
  });

  it('builds no controller', () => {
    expect(controllersIn(worker)).toEqual([]);
  });

  it('resolves the feature services a processor needs', () => {
    expect(worker.get(BookingsService, { strict: false })).toBeInstanceOf(BookingsService);
  });

  // The control: the same walk over the HTTP process's module finds its controllers, so an http module slipping
  // into the worker's graph would turn the first test red.
  it('is told apart from the HTTP process, whose module graph does declare controllers', async () => {
    const web = await NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
    try {
      expect(controllersIn(web)).toEqual(expect.arrayContaining(['BookingsWebController', 'BookingsApiController']));
    } finally {
      await web.close();
    }
  });
});
