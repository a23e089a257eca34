import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError } from '@mnist-lab/ml/spec';
import { RateLimitedError, UnauthenticatedError } from '@mnist-lab/contracts';
import { HistoryQueryError } from '@mnist-lab/infra';
import type { Response } from 'express';

/** Every error response: a stable machine code, a message for people, and the field to blame when there is one. */
export interface ErrorBody {
  readonly error: string;
  readonly message: string;
  readonly field?: string;
  /** A history query's error (HistoryQueryError): where in the parameter's text, and what would have been accepted there. */
  readonly position?: number;
  readonly expected?: readonly string[];
}

/** The HTTP status of each domain error code (libs/ml/src/base/errors.ts, libs/contracts/src/errors.ts, DigitImageError). */
export const STATUS_BY_CODE: Readonly<Record<string, HttpStatus>> = {
  invalid_parameter: HttpStatus.BAD_REQUEST,
  invalid_query: HttpStatus.BAD_REQUEST,
  invalid_data: HttpStatus.BAD_REQUEST,
  invalid_artifact: HttpStatus.BAD_REQUEST,
  invalid_image: HttpStatus.BAD_REQUEST,
  payload_too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  not_fitted: HttpStatus.CONFLICT,
  rate_limited: HttpStatus.TOO_MANY_REQUESTS,
  quota_exceeded: HttpStatus.TOO_MANY_REQUESTS,
  queue_unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  // A row this version cannot read is the server's problem, not the request's; the message names the row.
  invalid_stored_data: HttpStatus.INTERNAL_SERVER_ERROR,
};

const INTERNAL: ErrorBody = { error: 'internal_error', message: 'internal server error; the api log has the details' };

/**
 * The one place errors become HTTP responses: domain errors by their code, Nest's own
 * HttpExceptions (404 of an unknown route, 413 of a too large upload, ...) and body-parser errors
 * in the same `{error, message, field?}` shape, anything else a logged 500.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const { status, body } = errorResponse(exception);
    if (status >= HttpStatus.INTERNAL_SERVER_ERROR) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    const response = host.switchToHttp().getResponse<Response>();
    // A streamed body (an artifact download) that fails midway can only be cut short.
    if (response.headersSent) {
      response.destroy();
      return;
    }
    if (exception instanceof RateLimitedError) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    if (exception instanceof UnauthenticatedError) response.setHeader('WWW-Authenticate', 'Bearer');
    response.status(status).json(body);
  }
}

export function errorResponse(exception: unknown): { status: HttpStatus; body: ErrorBody } {
  if (exception instanceof DomainError) {
    const status = STATUS_BY_CODE[exception.code];
    if (status === undefined) return { status: HttpStatus.INTERNAL_SERVER_ERROR, body: INTERNAL };
    const body = withField({ error: exception.code, message: exception.message }, exception.field);
    return { status, body: exception instanceof HistoryQueryError ? { ...body, position: exception.position, expected: exception.expected } : body };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const detail = typeof response === 'string' ? { message: response } : (response as { message?: unknown; field?: unknown });
    const message = Array.isArray(detail.message) ? detail.message.join('; ') : String(detail.message ?? exception.message);
    return { status, body: withField({ error: statusCode(status), message }, typeof detail.field === 'string' ? detail.field : undefined) };
  }
  if (isClientHttpError(exception)) {
    return { status: exception.status, body: { error: statusCode(exception.status), message: exception.message } };
  }
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, body: INTERNAL };
}

/** `payload_too_large` for 413: Nest's HttpStatus names, in lower case. */
function statusCode(status: number): string {
  return (HttpStatus[status] as string | undefined)?.toLowerCase() ?? `http_${status}`;
}

function withField(body: ErrorBody, field: string | undefined): ErrorBody {
  return field === undefined ? body : { ...body, field };
}

/** The errors of Express middleware (body-parser's malformed JSON, http-errors): a 4xx meant to be shown. */
function isClientHttpError(error: unknown): error is Error & { status: number } {
  const { status, expose } = (error ?? {}) as { status?: unknown; expose?: unknown };
  return error instanceof Error && typeof status === 'number' && status >= 400 && status < 500 && expose === true;
}
