import type { FastifyInstance } from 'fastify';
import type { HealthCheckService } from '../services/health-service.ts';

export function healthRoutes(app: FastifyInstance, health: HealthCheckService): void {
  app.get('/health', async (_request, reply) => {
    const status = await health.getSystemHealth();
    return reply.code(status.status === 'healthy' ? 200 : 503).send(status);
  });
}
