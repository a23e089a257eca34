import { type CanActivate, type ExecutionContext, Injectable, ParseUUIDPipe } from '@nestjs/common';
import { authorized, SweepsRepository } from '@mnist-lab/infra';
import type { AuthenticatedRequest } from '../auth/current-caller';

/**
 * For an event stream of a sweep: checks its `:id` and that the caller may read the sweep before
 * Nest opens the stream. Nest commits an event stream's 200 headers a macrotask after the handler
 * chain starts (deferred behind the global interceptors), so a 400 or 404 thrown by the handler
 * or its pipes would reach the client as an error event in a 200 stream. Guards run before that,
 * and their errors get their status (a sweep of another project: 404, as every resource).
 */
@Injectable()
export class ReadableSweepGuard implements CanActivate {
  private readonly uuid = new ParseUUIDPipe();

  constructor(private readonly sweeps: SweepsRepository) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const param = request.params['id'];
    const id = await this.uuid.transform(typeof param === 'string' ? param : '', { type: 'param', data: 'id' });
    if (request.caller === undefined) throw new Error('ReadableSweepGuard on a route the global auth guard did not authenticate');
    authorized(request.caller, await this.sweeps.findSweep(id), 'sweep', id, 'read');
    return true;
  }
}
