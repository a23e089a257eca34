import { type CanActivate, type ExecutionContext, Injectable, ParseUUIDPipe } from '@nestjs/common';
import type { AuthenticatedRequest } from '../auth/current-caller';
import { SweepsService } from './sweeps.service';

/**
 * Opens a sweep's event stream only when the caller may read the sweep. An error inside the stream
 * arrives after its 200 and headers are sent (the api's interceptors wrap the handler's result), so
 * an unknown sweep, or another project's, is answered here instead: 400 or 404, as GET /sweeps/:id.
 */
@Injectable()
export class ReadableSweepGuard implements CanActivate {
  private readonly uuid = new ParseUUIDPipe();

  constructor(private readonly sweeps: SweepsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const id = await this.uuid.transform(String(request.params['id'] ?? ''), { type: 'param', data: 'id' });
    if (request.caller === undefined) throw new Error('ReadableSweepGuard runs after the auth guard, which sets the caller');
    await this.sweeps.get(request.caller, id);
    return true;
  }
}
