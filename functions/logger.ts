// The structured JSON logger shared by all handlers: request id, route, status, duration; never bodies or secrets.
import { Logger } from '@aws-lambda-powertools/logger';

export function createLogger(level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT'): Logger {
  return new Logger({ serviceName: 'shopdesk', logLevel: level });
}
export type { Logger };
