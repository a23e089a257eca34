import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { WorkerMetrics, type Env } from '@mnist-lab/infra';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * The worker's Prometheus endpoint: `GET /metrics` on WORKER_METRICS_PORT (0 = none), on every
 * interface so that a scraper on another machine or container reaches it. A port already taken
 * (a second worker on the same machine with the same setting) costs the endpoint, not the worker.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsServer.name);
  private server: Server | null = null;

  constructor(
    private readonly metrics: WorkerMetrics,
    private readonly config: ConfigService<Env, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.get('WORKER_METRICS_PORT', { infer: true });
    if (port === 0) {
      this.logger.log('metrics endpoint off (WORKER_METRICS_PORT=0)');
      return;
    }
    const server = createServer((request, response) => void this.answer(request, response));
    try {
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, () => resolve()));
      this.server = server;
      this.logger.log(`metrics at http://localhost:${port}/metrics`);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? `port ${port} is taken` : (error as Error).message;
      this.logger.warn(`no metrics endpoint: ${reason}; give this worker its own WORKER_METRICS_PORT, or 0 for none`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise((resolve) => server.close(resolve));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: this port serves GET /metrics only\n');
      return;
    }
    try {
      const body = await this.metrics.registry.metrics();
      response.writeHead(200, { 'content-type': this.metrics.registry.contentType }).end(request.method === 'HEAD' ? undefined : body);
    } catch (error) {
      response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`could not collect the metrics: ${(error as Error).message}\n`);
    }
  }
}
