import type { Actor } from '../../src/common/actor.js';
import type { Client } from '../../src/modules/clients/client.entity.js';
import { ClientsService } from '../../src/modules/clients/clients.service.js';
import type { CreateClientInput } from '../../src/modules/clients/clients.types.js';
import { inContext, type TestApp } from '../helpers/test-app.js';

let counter = 0;

/** A client made through the real service, with readable defaults ("Sam Taylor 1", sam1@example.test). */
export async function createClient(
  t: TestApp,
  actor: Actor,
  overrides: Partial<CreateClientInput> = {},
): Promise<Client> {
  counter += 1;
  const clients = await t.app.resolve(ClientsService);
  return inContext(t, () =>
    clients.create(actor, {
      name: `Sam Taylor ${counter}`,
      email: `sam${counter}@example.test`,
      phone: '+44 7700 900123',
      ...overrides,
    }),
  );
}
