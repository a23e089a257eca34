import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Caller } from '@mnist-lab/contracts';
import { API_KEYS, CREATED_API_KEY } from '../auth/access-schemas';
import { CurrentCaller, Requires } from '../auth/current-caller';
import { IdParam } from '../common/resource-routes';
import { ApiKeysService } from './api-keys.service';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

@ApiTags('access')
@ApiBearerAuth()
@Requires('manage')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @ApiOperation({ summary: 'Create a key: the answer holds the secret, the only time it is shown (it is stored as a hash)' })
  @ApiCreatedResponse({ schema: CREATED_API_KEY })
  @ApiBadRequestResponse({ description: 'An invalid field, a past expires_at, or a global key that is not admin' })
  @ApiForbiddenResponse({ description: 'Not an admin of the project (a global key: not a global admin)' })
  @ApiNotFoundResponse({ description: 'No such project' })
  create(@CurrentCaller() caller: Caller, @Body() body: CreateApiKeyDto) {
    return this.keys.create(caller, body);
  }

  @Get()
  @ApiOperation({ summary: 'The keys of the projects the caller administers, without secrets' })
  @ApiOkResponse({ schema: API_KEYS })
  list(@CurrentCaller() caller: Caller) {
    return this.keys.list(caller);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke a key: every api instance refuses it within a second' })
  @ApiNoContentResponse({ description: 'Revoked (or already revoked)' })
  @ApiNotFoundResponse({ description: 'No such key the caller may manage' })
  revoke(@CurrentCaller() caller: Caller, @IdParam() id: string): Promise<void> {
    return this.keys.revoke(caller, id);
  }
}
