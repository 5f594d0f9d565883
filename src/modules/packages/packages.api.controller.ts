import { Body, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { Actor } from '../../common/actor.js';
import { IdParam } from '../../common/http/id-param.decorator.js';
import { ApiProblemResponses } from '../../common/http/api-problem-responses.decorator.js';
import { ApiV1Controller } from '../../common/http/api-v1-controller.decorator.js';
import { CurrentActor } from '../../common/http/current-actor.decorator.js';
import {
  CreatePackageDto,
  PackageListDto,
  PackageResponseDto,
  toLiability,
  toPackageResponse,
  UpdatePackageDto,
} from './dto/package.dto.js';
import { PackagesService } from './packages.service.js';

@ApiV1Controller('packages')
export class PackagesApiController {
  constructor(private readonly packages: PackagesService) {}

  @Get()
  @ApiOperation({
    summary: 'List packages',
    description:
      'The catalogue with sales figures (active first, then by session count and name), plus the unused-credit liability.',
  })
  @ApiOkResponse({ type: PackageListDto })
  @ApiProblemResponses(401)
  async listPackages(@CurrentActor() actor: Actor): Promise<PackageListDto> {
    const { items, liability } = await this.packages.catalogue(actor);
    return { items: items.map(toPackageResponse), liability: liability.map(toLiability) };
  }

  @Post()
  @ApiOperation({ summary: 'Create a package', description: 'Priced in your currency.' })
  @ApiCreatedResponse({ type: PackageResponseDto })
  @ApiProblemResponses(400, 401, 422)
  async createPackage(@CurrentActor() actor: Actor, @Body() dto: CreatePackageDto): Promise<PackageResponseDto> {
    const pkg = await this.packages.create(actor, { ...dto, validityDays: dto.validityDays ?? null });
    return toPackageResponse(await this.packages.getSummary(actor, pkg.id));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a package' })
  @ApiOkResponse({ type: PackageResponseDto })
  @ApiProblemResponses(401, 404)
  async getPackage(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<PackageResponseDto> {
    return toPackageResponse(await this.packages.getSummary(actor, id));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Update a package',
    description: 'Only the fields sent change. Past purchases keep their price, credits and expiry.',
  })
  @ApiOkResponse({ type: PackageResponseDto })
  @ApiProblemResponses(400, 401, 404, 422)
  async updatePackage(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdatePackageDto,
  ): Promise<PackageResponseDto> {
    const pkg = await this.packages.update(actor, id, dto);
    return toPackageResponse(await this.packages.getSummary(actor, pkg.id));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a package',
    description: 'Only a package never sold; otherwise 409 `package_sold` (deactivate it instead).',
  })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblemResponses(401, 404, 409)
  async deletePackage(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<void> {
    await this.packages.delete(actor, id);
  }
}
