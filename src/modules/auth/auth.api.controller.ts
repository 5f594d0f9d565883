import { Body, HttpCode, Post, Get, Req } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiV1Controller } from '../../common/http/api-v1-controller.decorator.js';
import { dtoJsonSchema } from '../../common/serialization/dto-json-schema.js';
import { ApiProblemResponses } from '../../common/http/api-problem-responses.decorator.js';
import { Public } from '../../common/http/route-access.js';
import { ApiAuthService, type TokenPair } from './api-auth.service.js';
import type { Account } from './auth.types.js';
import { CurrentAccount } from './current-account.decorator.js';
import { LoginDto, RefreshDto, RegisterDto } from './dto/auth-request.dto.js';
import { MeResponseDto, toMeResponse, toUserResponse, TokenPairResponseDto } from './dto/auth-response.dto.js';
import { clientInfo } from './web-auth.service.js';

function toTokenPairResponse(pair: TokenPair): TokenPairResponseDto {
  return {
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    expiresIn: pair.expiresIn,
    tokenType: 'Bearer',
    user: toUserResponse(pair.account),
  };
}

@ApiV1Controller('auth')
export class AuthApiController {
  constructor(private readonly auth: ApiAuthService) {}

  @Post('register')
  @Public()
  @ApiOperation({
    summary: 'Create a trainer account',
    description: 'Creates the user and its trainer profile, and signs in.',
  })
  @ApiCreatedResponse({ type: TokenPairResponseDto })
  @ApiProblemResponses(400, 422)
  async register(@Body() dto: RegisterDto, @Req() req: FastifyRequest): Promise<TokenPairResponseDto> {
    return toTokenPairResponse(await this.auth.register(dto, clientInfo(req)));
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in',
    description: 'Exchanges email and password for an access token (15 min) and a refresh token.',
  })
  @ApiOkResponse({ type: TokenPairResponseDto })
  @ApiProblemResponses(400, 401, 429)
  async login(@Body() dto: LoginDto, @Req() req: FastifyRequest): Promise<TokenPairResponseDto> {
    return toTokenPairResponse(await this.auth.login(dto.email, dto.password, clientInfo(req), dto.deviceName));
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Refresh the token pair',
    description: 'Single use: the refresh token is replaced. Presenting a used one revokes every token of that login.',
  })
  @ApiOkResponse({ type: TokenPairResponseDto })
  @ApiProblemResponses(400, 401)
  async refresh(@Body() dto: RefreshDto): Promise<TokenPairResponseDto> {
    return toTokenPairResponse(await this.auth.refresh(dto.refreshToken));
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Log out this device',
    description: 'Revokes the refresh token and every token of its login.',
  })
  @ApiNoContentResponse()
  @ApiProblemResponses(400)
  async logout(@Body() dto: RefreshDto): Promise<void> {
    await this.auth.logout(dto.refreshToken);
  }

  @Get('me')
  @ApiOperation({ summary: 'Who am I', description: 'The signed-in user and their trainer profile.' })
  @ApiOkResponse({ type: MeResponseDto })
  @ApiProblemResponses(401)
  // Fastify's compiled serializer (fast-json-stringify) instead of JSON.stringify: same bytes, from the DTO.
  @RouteSchema({ response: { 200: dtoJsonSchema(MeResponseDto) } })
  me(@CurrentAccount() account: Account): MeResponseDto {
    // The guard has just read the user and trainer profile (one statement); reading them again would double it.
    return toMeResponse(account);
  }
}
