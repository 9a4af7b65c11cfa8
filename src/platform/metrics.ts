// Prometheus metrics for the whole process; each origin serves them at /metrics.
import client from 'prom-client';

export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

export const httpDuration = new client.Histogram({
  name: 'gmis_http_request_duration_seconds',
  help: 'HTTP request duration by part, route and status',
  labelNames: ['part', 'route', 'method', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export const signIns = new client.Counter({
  name: 'gmis_sign_ins_total',
  help: 'Sign-in attempts by outcome',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const mailDelivered = new client.Counter({
  name: 'gmis_mail_delivery_total',
  help: 'Outbox delivery attempts by outcome',
  labelNames: ['outcome'] as const,
  registers: [registry],
});
