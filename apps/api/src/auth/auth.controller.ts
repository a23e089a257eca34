import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Caller } from '@mnist-lab/contracts';
import { WHOAMI } from './access-schemas';
import { CurrentCaller } from './current-caller';

@ApiTags('access')
@ApiBearerAuth()
@Controller('auth')
export class AuthController {
  @Get('whoami')
  @ApiOperation({ summary: "The caller's key and its role in each project (the dashboard's sign-in check)" })
  @ApiOkResponse({ schema: WHOAMI })
  @ApiUnauthorizedResponse({ description: 'No key, or a malformed, unknown, expired or revoked one' })
  whoami(@CurrentCaller() caller: Caller) {
    return { key_id: caller.keyId, name: caller.keyName, global_admin: caller.globalAdmin, roles: caller.roles };
  }
}
