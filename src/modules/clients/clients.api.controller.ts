import { Body, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import type { Actor } from '../../common/actor.js';
import { IdParam } from '../../common/http/id-param.decorator.js';
import { ApiV1Controller } from '../../common/http/api-v1-controller.decorator.js';
import { ApiProblemResponses } from '../../common/http/api-problem-responses.decorator.js';
import { CurrentActor } from '../../common/http/current-actor.decorator.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import { ClientsService } from './clients.service.js';
import { ClientPageDto, ClientResponseDto, toClientPage, toClientResponse } from './dto/client-response.dto.js';
import { CreateClientDto } from './dto/create-client.dto.js';
import { ListClientsQueryDto } from './dto/list-clients-query.dto.js';
import { UpdateClientDto } from './dto/update-client.dto.js';

const ID_PARAM = {
  name: 'id',
  format: 'uuid',
  description: 'The client’s id. Another trainer’s id, or one that is not a UUID, answers 404.',
};

@ApiV1Controller('clients')
export class ClientsApiController {
  constructor(private readonly clients: ClientsService) {}

  @Get()
  @ApiOperation({
    summary: 'List your clients',
    description:
      'Searches name, email and phone (`q`), filters by status (active by default) and pages by cursor, ordered by name.',
  })
  @ApiOkResponse({ type: ClientPageDto })
  @ApiProblemResponses(400, 401, 403, 422)
  async listClients(@CurrentActor() actor: Actor, @Query() query: ListClientsQueryDto): Promise<ClientPageDto> {
    return toClientPage(
      await this.clients.listByCursor(
        actor,
        { q: query.q, status: query.status },
        { cursor: query.cursor, limit: query.limit },
      ),
    );
  }

  @Post()
  @Idempotent()
  @ApiOperation({
    summary: 'Add a client',
    description:
      'Only the name is required. Send an `Idempotency-Key` to make retries safe: a retry replays the first answer.',
  })
  @ApiCreatedResponse({ type: ClientResponseDto })
  @ApiProblemResponses(400, 401, 403, 409, 422)
  async createClient(@CurrentActor() actor: Actor, @Body() dto: CreateClientDto): Promise<ClientResponseDto> {
    return toClientResponse(await this.clients.create(actor, dto));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get one client' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: ClientResponseDto })
  @ApiProblemResponses(401, 403, 404)
  async getClient(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ClientResponseDto> {
    return toClientResponse(await this.clients.get(actor, id));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a client',
    description:
      'Send only the fields to change. `{"status": "archived"}` archives a client (hides them and blocks booking); `"active"` restores them.',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: ClientResponseDto })
  @ApiProblemResponses(400, 401, 403, 404, 422)
  async updateClient(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateClientDto,
  ): Promise<ClientResponseDto> {
    return toClientResponse(await this.clients.update(actor, id, dto));
  }

  @Post(':id/email-opt-in')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Turn a client’s emails back on',
    description:
      'For a client who unsubscribed (`emailOptOutAt` is set) and asked to get emails again: clears the opt-out, so ' +
      'reminders and notices still to come reach them. Harmless for a client who never opted out.',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: ClientResponseDto })
  @ApiProblemResponses(401, 403, 404)
  async optInClientEmails(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ClientResponseDto> {
    return toClientResponse(await this.clients.resumeEmails(actor, id));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a client',
    description:
      'Only for clients without sessions, purchases or payments; otherwise 409 `client_has_history`: archive them with PATCH instead.',
  })
  @ApiParam(ID_PARAM)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblemResponses(401, 403, 404, 409)
  async deleteClient(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<void> {
    await this.clients.delete(actor, id);
  }
}
